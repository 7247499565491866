package org.vrrpd.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.fsm.Fsm.LOW;
import static org.vrrpd.fsm.Fsm.ms;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** preempt_delay (keepalived) and fast takeover (our tracker). */
class PreemptionTest {

    @Test
    void preemptDelay_lowerAdvertWithinTheDelay_shouldBeTreatedAsAcceptedAndResetTheTimer() {
        Fsm f = new Fsm(Fsm.v3(200).withPreemptDelay(Duration.ofSeconds(30))).backup();
        f.advance(Duration.ofSeconds(29));
        f.advert(LOW, 100, 100);
        assertEquals(Timers.masterDownInterval(3, 200, 100), f.armed(TimerKind.MASTER_DOWN).orElseThrow());
    }

    @Test
    void preemptDelay_lowerAdvertAfterTheDelay_shouldPreempt() {
        Fsm f = new Fsm(Fsm.v3(200).withPreemptDelay(Duration.ofSeconds(30))).backup();
        f.advance(Duration.ofSeconds(29));
        f.advert(LOW, 100, 100); // within the delay: resets the down timer
        f.advance(Duration.ofSeconds(1));
        f.advert(LOW, 100, 100);
        assertEquals(Timers.skewTime(3, 200, 100), f.armed(TimerKind.MASTER_DOWN).orElseThrow());
    }

    @Test
    void preemptDelay_shouldRestartWhenAHigherPriorityMasterIsAccepted() {
        Fsm f = new Fsm(Fsm.v3(200).withPreemptDelay(Duration.ofSeconds(30))).backup();
        f.advance(Duration.ofSeconds(20));
        f.advert(LOW, 250, 100);
        f.advance(Duration.ofSeconds(20));
        f.advert(LOW, 100, 100); // 20 s after the higher Master: still within the delay
        assertEquals(Timers.masterDownInterval(3, 200, 100), f.armed(TimerKind.MASTER_DOWN).orElseThrow());
    }

    @Test
    void preemptDelay_shouldNotDelayTakeoverWhenTheMasterGoesSilent() {
        Fsm f = new Fsm(Fsm.v3(200).withPreemptDelay(Duration.ofSeconds(30))).backup();
        f.fire(new Event.MasterDownTimerFired());
        assertEquals(VrrpState.MASTER, f.state.state());
    }

    @Test
    void fastTakeover_lowerAdvertToAPreemptingBackup_shouldArmTheDownTimerAtSkewTime() {
        Fsm f = new Fsm(Fsm.v3(200)).backup();
        List<Action> actions = f.advert(LOW, 100, 100);
        assertEquals(List.of(new Action.ArmTimer(TimerKind.MASTER_DOWN, Timers.skewTime(3, 200, 100))), actions);
        assertEquals(VrrpState.BACKUP, f.state.state());
    }

    @Test
    void fastTakeover_shouldNotPostponeADownTimerThatExpiresSooner() {
        Fsm f = new Fsm(Fsm.v3(200)).backup();
        Duration mdi = Timers.masterDownInterval(3, 200, 100);
        f.advance(mdi.minus(ms(10)));
        assertEquals(List.of(), f.advert(LOW, 100, 100));
    }

    @Test
    void fastTakeover_higherAdvertAfterTheSkewTimerWasArmed_shouldRestoreMasterDownInterval() {
        Fsm f = new Fsm(Fsm.v3(200)).backup();
        f.advert(LOW, 100, 100);
        f.advert(LOW, 250, 100);
        assertEquals(Timers.masterDownInterval(3, 200, 100), f.armed(TimerKind.MASTER_DOWN).orElseThrow());
    }

    @Test
    void fastTakeover_lowerAdvertFromARouterOtherThanTheMasterWeFollow_shouldBeDiscarded() throws Exception {
        // We (200) follow a higher Master; a third router's brief Master stint at 150 must not unseat it.
        java.net.InetAddress master = java.net.InetAddress.getByName("192.0.2.250");
        Fsm f = new Fsm(Fsm.v3(200)).backup();
        f.advert(master, 250, 100);
        assertTrue(f.advert(LOW, 150, 100).isEmpty(), "a lower advert from another router re-armed the timer");
        // ...but the Master we follow lowering its priority below ours still means Skew_Time
        assertEquals(List.of(new Action.ArmTimer(TimerKind.MASTER_DOWN, Timers.skewTime(3, 200, 100))),
                f.advert(master, 150, 100));
    }

    @Test
    void fastTakeoverOff_lowerAdvert_shouldBeDiscardedPerRfc() {
        Fsm f = new Fsm(Fsm.v3(200).withFastTakeover(false)).backup();
        assertTrue(f.advert(LOW, 100, 100).isEmpty());
    }

    @Test
    void fastTakeover_shouldNotApplyWithoutPreempt() {
        Fsm f = new Fsm(Fsm.v3(200).withPreempt(false)).backup();
        f.advert(LOW, 100, 100);
        assertEquals(Timers.masterDownInterval(3, 200, 100), f.armed(TimerKind.MASTER_DOWN).orElseThrow());
    }

    @Test
    void acceptMode_shouldDefaultToFalse_andTheOwnerAlwaysAccepts() {
        assertEquals(false, Fsm.v3(100).acceptMode());
        assertEquals(false, Fsm.v3(100).effectiveAcceptMode());
        assertEquals(true, Fsm.v3(255).effectiveAcceptMode());
        assertEquals(true, Fsm.v3(100).withAcceptMode(true).effectiveAcceptMode());
    }
}
