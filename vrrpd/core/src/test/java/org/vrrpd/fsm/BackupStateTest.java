package org.vrrpd.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.fsm.Fsm.HIGH;
import static org.vrrpd.fsm.Fsm.LOW;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9568 §6.4.2: the Backup state (fast takeover is switched off here to test strict RFC behaviour). */
class BackupStateTest {

    private static Fsm strictBackup(int priority) {
        return new Fsm(Fsm.v3(priority).withFastTakeover(false)).backup();
    }

    @Test
    void shutdown_inBackup_shouldCancelMasterDownTimerAndGoToInitialize() {
        Fsm f = strictBackup(100);
        List<Action> actions = f.fire(new Event.Shutdown());
        assertEquals(List.of(new Action.CancelTimer(TimerKind.MASTER_DOWN),
                new Action.Notify(VrrpState.BACKUP, VrrpState.INITIALIZE, "shutdown")), actions);
        assertEquals(VrrpState.INITIALIZE, f.state.state());
    }

    @Test
    void masterDownTimer_shouldSendAdvertGratuitousArmAdverTimerAndBecomeMaster() {
        Fsm f = strictBackup(100);
        List<Action> actions = f.fire(new Event.MasterDownTimerFired());
        assertEquals(List.of(
                new Action.SendAdvert(100),
                new Action.AddVips(),
                new Action.SendGratuitous(),
                new Action.ArmTimer(TimerKind.ADVER, Timers.centiseconds(100)),
                new Action.Notify(VrrpState.BACKUP, VrrpState.MASTER, "master down timer expired")), actions);
        assertEquals(VrrpState.MASTER, f.state.state());
    }

    @Test
    void priorityZeroAdvert_inBackup_shouldSetMasterDownTimerToSkewTime() {
        Fsm f = strictBackup(100);
        f.advert(HIGH, 0);
        assertEquals(Timers.skewTime(3, 100, 100), f.armed(TimerKind.MASTER_DOWN).orElseThrow());
        assertEquals(VrrpState.BACKUP, f.state.state());
    }

    @Test
    void higherPriorityAdvert_inBackup_shouldLearnIntervalRecomputeAndResetMasterDownTimer() {
        Fsm f = strictBackup(100);
        f.advert(LOW, 200, 250);
        assertEquals(250, f.state.masterAdverIntervalCs());
        assertEquals(Timers.masterDownInterval(3, 100, 250), f.armed(TimerKind.MASTER_DOWN).orElseThrow());
        assertEquals(VrrpState.BACKUP, f.state.state());
    }

    @Test
    void equalPriorityAdvert_inBackup_shouldBeAccepted_evenFromALowerAddress() {
        // The address tie-break applies only between Masters (RFC 9568 §6.4.2 accepts priority >= ours).
        Fsm f = strictBackup(100);
        f.advert(LOW, 100, 80);
        assertEquals(Timers.masterDownInterval(3, 100, 80), f.armed(TimerKind.MASTER_DOWN).orElseThrow());
        assertEquals(80, f.state.masterAdverIntervalCs());
    }

    @Test
    void lowerPriorityAdvert_inBackup_withPreempt_shouldBeDiscarded() {
        Fsm f = strictBackup(100);
        RouterState before = f.state;
        assertEquals(List.of(), f.advert(HIGH, 50, 300));
        assertEquals(before, f.state);
    }

    @Test
    void lowerPriorityAdvert_inBackup_withoutPreempt_shouldBeAcceptedAndResetTheTimer() {
        Fsm f = new Fsm(Fsm.v3(100).withPreempt(false)).backup();
        f.advert(HIGH, 50, 300);
        assertEquals(300, f.state.masterAdverIntervalCs());
        assertEquals(Timers.masterDownInterval(3, 100, 300), f.armed(TimerKind.MASTER_DOWN).orElseThrow());
    }

    @Test
    void lowerPriorityAdvert_inBackup_asOwner_shouldBeDiscardedEvenWithPreemptOff() {
        Fsm f = new Fsm(Fsm.v3(255).withPreempt(false).withFastTakeover(false));
        f.fire(new Event.Startup());
        f.advert(HIGH, 255); // another 255 with a higher address: we yield to Backup
        assertEquals(VrrpState.BACKUP, f.state.state());
        assertEquals(List.of(), f.advert(HIGH, 200));
    }

    @Test
    void advert_inBackup_v2_shouldNotLearnTheInterval() {
        Fsm f = new Fsm(Fsm.v2(100).withFastTakeover(false)).backup();
        f.advert(LOW, 200, 300);
        assertEquals(100, f.state.masterAdverIntervalCs());
        assertEquals(Timers.masterDownInterval(2, 100, 100), f.armed(TimerKind.MASTER_DOWN).orElseThrow());
    }

    @Test
    void advert_inBackup_withOutOfRangeInterval_shouldKeepTheCurrentInterval() {
        Fsm f = strictBackup(100);
        f.advert(LOW, 200, 0);
        assertEquals(100, f.state.masterAdverIntervalCs());
        f.advert(LOW, 200, 4096);
        assertEquals(100, f.state.masterAdverIntervalCs());
    }

    @Test
    void advert_inBackup_shouldRecomputeSkewWithTheCurrentPriority() {
        Fsm f = strictBackup(100);
        f.fire(new Event.PriorityChanged(200));
        f.advert(LOW, 250, 100);
        assertEquals(Timers.masterDownInterval(3, 200, 100), f.armed(TimerKind.MASTER_DOWN).orElseThrow());
    }

    @Test
    void adverTimer_inBackup_shouldBeIgnored() {
        Fsm f = strictBackup(100);
        assertEquals(List.of(), f.fire(new Event.AdverTimerFired()));
        assertFalse(f.state.state() == VrrpState.MASTER);
    }

    @Test
    void priorityChanged_inBackup_shouldNotSendAnything() {
        Fsm f = strictBackup(100);
        assertTrue(f.fire(new Event.PriorityChanged(150)).isEmpty());
        assertEquals(150, f.state.priority());
    }
}
