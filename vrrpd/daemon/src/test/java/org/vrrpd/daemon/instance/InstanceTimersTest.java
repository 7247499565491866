package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.daemon.loop.ManualScheduler;
import org.vrrpd.fsm.TimerKind;

/** The driver honours the state machine's timer contract (see Action.ArmTimer). */
class InstanceTimersTest {

    private final ManualScheduler clock = new ManualScheduler();
    private final List<TimerKind> fired = new ArrayList<>();
    private final InstanceTimers timers = new InstanceTimers(clock, fired::add);

    @Test
    void armedTimer_shouldFireOnce_atItsDelay() {
        timers.arm(TimerKind.MASTER_DOWN, Duration.ofMillis(300));
        clock.advance(Duration.ofMillis(299));
        assertEquals(List.of(), fired);
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of(TimerKind.MASTER_DOWN), fired);
        assertFalse(timers.isArmed(TimerKind.MASTER_DOWN));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(1, fired.size());
    }

    @Test
    void aTimerArmedWhileAPacketIsHandled_countsFromThePacketsReceipt() {
        long received = clock.nanoTime();
        timers.receivedAt(received);
        clock.spend(Duration.ofMillis(2)); // validating and judging the advert
        timers.arm(TimerKind.MASTER_DOWN, Duration.ofMillis(300));
        timers.receivedAt(InstanceTimers.NO_PACKET);
        clock.advance(Duration.ofMillis(297));
        assertEquals(List.of(), fired);
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of(TimerKind.MASTER_DOWN), fired, "300 ms after the receipt, not after the re-arm");

        timers.arm(TimerKind.MASTER_DOWN, Duration.ofMillis(300)); // outside a packet: from now
        clock.advance(Duration.ofMillis(299));
        assertEquals(1, fired.size());
        clock.advance(Duration.ofMillis(1));
        assertEquals(2, fired.size());
    }

    @Test
    void rearming_shouldReplaceThePendingInstance_soOnlyTheNewDeadlineFires() {
        timers.arm(TimerKind.MASTER_DOWN, Duration.ofMillis(300));
        clock.advance(Duration.ofMillis(200));
        timers.arm(TimerKind.MASTER_DOWN, Duration.ofMillis(300));
        clock.advance(Duration.ofMillis(200));
        assertEquals(List.of(), fired, "the replaced instance fired");
        clock.advance(Duration.ofMillis(100));
        assertEquals(List.of(TimerKind.MASTER_DOWN), fired);
    }

    @Test
    void cancelledTimer_shouldNeverDeliver_evenIfItsExpiryWasAlreadyQueued() {
        timers.arm(TimerKind.ADVER, Duration.ZERO);
        timers.cancel(TimerKind.ADVER);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of(), fired);
    }

    @Test
    void kinds_shouldBeIndependent() {
        timers.arm(TimerKind.ADVER, Duration.ofMillis(100));
        timers.arm(TimerKind.MASTER_DOWN, Duration.ofMillis(50));
        timers.cancel(TimerKind.MASTER_DOWN);
        clock.advance(Duration.ofMillis(100));
        assertEquals(List.of(TimerKind.ADVER), fired);
        assertTrue(!timers.isArmed(TimerKind.ADVER));
    }

    @Test
    void periodicRearm_shouldKeepTheCadenceOfItsDeadlines_whenEachExpiryIsDeliveredLate() {
        List<Long> at = new ArrayList<>();
        InstanceTimers adver = masterAdverTimer(at, Duration.ZERO);
        clock.lateBy(Duration.ofNanos(400_000L));
        long start = clock.nanoTime();
        adver.arm(TimerKind.ADVER, Duration.ofMillis(100));
        clock.advance(Duration.ofMillis(1005));
        assertEquals(10, at.size());
        // each expiry is 0.4 ms late, but the 10th comes at 1000 ms + 0.4 ms, not 10 x 100.4 ms
        assertEquals(Duration.ofMillis(1000).toNanos() + 400_000L, at.get(9) - start);
    }

    @Test
    void periodicRearm_shouldNotSendEarlyToMakeUpForAStall_soAStallIsOneLongGap() {
        List<Long> at = new ArrayList<>();
        InstanceTimers adver = masterAdverTimer(at, Duration.ZERO);
        long start = clock.nanoTime();
        adver.arm(TimerKind.ADVER, Duration.ofMillis(100));
        clock.advance(Duration.ofMillis(150));
        clock.lateBy(Duration.ofMillis(5)); // one stall: the second expiry is delivered 5 ms late
        clock.advance(Duration.ofMillis(60));
        clock.lateBy(Duration.ZERO);
        clock.advance(Duration.ofMillis(200));
        assertEquals(4, at.size());
        long gap2 = at.get(1) - at.get(0);
        long gap3 = at.get(2) - at.get(1);
        assertEquals(Duration.ofMillis(105).toNanos(), gap2, "the stall's gap");
        assertEquals(Duration.ofMillis(100).toNanos() - InstanceTimers.MAX_CATCH_UP_NANOS, gap3,
                "the next gap is shortened by at most the catch-up bound, not by the whole stall");
        assertEquals(Duration.ofMillis(100).toNanos(), at.get(3) - at.get(2));
        assertEquals(Duration.ofMillis(100).toNanos(), at.get(0) - start);
    }

    @Test
    void periodicRearm_shouldNotAddTheHandlingTime_whenTheAdvertTakesTimeToSendBeforeTheRearm() {
        List<Long> at = new ArrayList<>();
        // 3 ms encoding and sending the advert, before the state machine re-arms
        InstanceTimers adver = masterAdverTimer(at, Duration.ofMillis(3));
        long start = clock.nanoTime();
        adver.arm(TimerKind.ADVER, Duration.ofMillis(100));
        clock.advance(Duration.ofMillis(1050));
        assertEquals(10, at.size());
        assertEquals(Duration.ofMillis(1000).toNanos(), at.get(9) - start, "not 10 x 103 ms");
    }

    @Test
    void lateness_shouldNotShortenOtherKinds_orTimersArmedOutsideAnExpiry() {
        List<Long> at = new ArrayList<>();
        InstanceTimers[] self = new InstanceTimers[1];
        self[0] = new InstanceTimers(clock, kind -> {
            at.add(clock.nanoTime());
            if (kind == TimerKind.ADVER) {
                self[0].arm(TimerKind.MASTER_DOWN, Duration.ofMillis(300));
            }
        });
        clock.lateBy(Duration.ofMillis(5));
        long start = clock.nanoTime();
        self[0].arm(TimerKind.ADVER, Duration.ofMillis(100));
        clock.advance(Duration.ofMillis(500));
        assertEquals(2, at.size());
        assertEquals(Duration.ofMillis(105).toNanos(), at.get(0) - start);
        assertEquals(Duration.ofMillis(105 + 305).toNanos(), at.get(1) - start, "MASTER_DOWN keeps its full delay");
    }

    /**
     * An Adver_Timer re-armed from its own expiry, as the Master does every 100 ms interval; records each delivery
     * time in {@code at} and spends {@code handling} (sending the advert) before the re-arm.
     */
    private InstanceTimers masterAdverTimer(List<Long> at, Duration handling) {
        InstanceTimers[] self = new InstanceTimers[1];
        self[0] = new InstanceTimers(clock, kind -> {
            at.add(clock.nanoTime());
            clock.spend(handling);
            self[0].arm(TimerKind.ADVER, Duration.ofMillis(100));
        });
        return self[0];
    }
}
