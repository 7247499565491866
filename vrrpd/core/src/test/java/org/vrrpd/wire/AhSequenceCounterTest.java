package org.vrrpd.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** keepalived's AH anti-replay counter ({@code ipsecah_counter}), rule by rule. */
class AhSequenceCounterTest {

    @Test
    void next_shouldStartAtOne_afterAStart() {
        AhSequenceCounter c = new AhSequenceCounter();
        assertEquals(1, c.next());
        assertEquals(2, c.next());
    }

    @Test
    void receive_shouldAcceptOnlyAboveTheCounter() {
        AhSequenceCounter c = new AhSequenceCounter();
        assertTrue(c.receive(5).isEmpty());
        assertEquals(RejectReason.AUTH_AH_REPLAY, c.receive(5).orElseThrow().reason());
        assertEquals(RejectReason.AUTH_AH_REPLAY, c.receive(4).orElseThrow().reason());
        assertTrue(c.receive(9).isEmpty());
        assertEquals(9, c.current());
    }

    @Test
    void receive_shouldRejectZero_fromTheStart() {
        assertEquals(RejectReason.AUTH_AH_REPLAY, new AhSequenceCounter().receive(0).orElseThrow().reason());
    }

    // one counter for both directions: a Backup that becomes Master continues above what it heard
    @Test
    void next_shouldContinueAboveTheLastReceived() {
        AhSequenceCounter c = new AhSequenceCounter();
        c.receive(41);
        assertEquals(42, c.next());
    }

    @Test
    void ownSentSequence_shouldMakeAnEqualReceivedOneAReplay() {
        AhSequenceCounter c = new AhSequenceCounter();
        c.receive(10);
        c.next();
        assertEquals(RejectReason.AUTH_AH_REPLAY, c.receive(11).orElseThrow().reason());
    }

    @Test
    void syncFromLowerPriority_shouldJumpAboveTheHeardSequence() {
        AhSequenceCounter c = new AhSequenceCounter();
        c.next();
        c.syncFromLowerPriority(300);
        assertEquals(302, c.next());
    }

    @Test
    void cycledCounter_shouldStopCounting_andRestartFromZeroWhenBecomingMaster() {
        AhSequenceCounter c = new AhSequenceCounter();
        c.receive(0xFFFF_FFFEL);
        assertEquals(0xFFFF_FFFEL, c.next());
        c.becomingMaster();
        assertEquals(1, c.next());
    }

    @Test
    void becomingMaster_shouldKeepAnUncycledCounter() {
        AhSequenceCounter c = new AhSequenceCounter();
        c.receive(7);
        c.becomingMaster();
        assertEquals(8, c.next());
    }
}
