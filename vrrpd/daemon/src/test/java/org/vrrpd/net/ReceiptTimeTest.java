package org.vrrpd.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The kernel's receive timestamp (wall clock) turned into a receipt time on the monotonic clock: its age is
 * believed only when it is plausible, so a step of the wall clock can never move a timer's anchor far.
 */
class ReceiptTimeTest {

    private static final long WALL = 1_800_000_000_000_000_000L;
    private static final long MONO = 5_000_000_000L;

    @Test
    void aStampedPacket_isDatedItsAgeBeforeNow() {
        assertEquals(MONO - 300_000, RawVrrpSocket.monotonicReceipt(WALL - 300_000, WALL, MONO));
        assertEquals(MONO - RawVrrpSocket.MAX_RECEIPT_AGE_NANOS,
                RawVrrpSocket.monotonicReceipt(WALL - RawVrrpSocket.MAX_RECEIPT_AGE_NANOS, WALL, MONO));
    }

    @Test
    void noStamp_aStampFromTheFuture_orAnImplausiblyOldOne_meanNow() {
        assertEquals(MONO, RawVrrpSocket.monotonicReceipt(0, WALL, MONO));
        assertEquals(MONO, RawVrrpSocket.monotonicReceipt(WALL + 1_000, WALL, MONO), "the wall clock stepped back");
        assertEquals(MONO, RawVrrpSocket.monotonicReceipt(WALL - RawVrrpSocket.MAX_RECEIPT_AGE_NANOS - 1, WALL, MONO),
                "the wall clock stepped forward");
    }
}
