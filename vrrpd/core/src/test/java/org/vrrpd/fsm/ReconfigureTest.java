package org.vrrpd.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.fsm.Fsm.HIGH;
import static org.vrrpd.fsm.Fsm.LOW;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reload that changes a running router's settings in place ({@link Event.Reconfigured}): never a state change. */
class ReconfigureTest {

    @Test
    void master_newAdvertInterval_shouldAdvertiseAtOnceAndReArmAtTheNewInterval() {
        Fsm f = new Fsm(Fsm.v3(200)).master();
        List<Action> actions = f.reconfigure(Fsm.v3(200).withAdvertisementIntervalCs(300));
        assertEquals(List.of(new Action.SendAdvert(200),
                new Action.ArmTimer(TimerKind.ADVER, Timers.centiseconds(300))), actions);
        assertEquals(VrrpState.MASTER, f.state.state());
        assertEquals(300, f.state.masterAdverIntervalCs());
    }

    @Test
    void master_sameInterval_shouldDoNothing() {
        Fsm f = new Fsm(Fsm.v3(200)).master();
        assertEquals(List.of(), f.reconfigure(Fsm.v3(200).withPreempt(false).withFastTakeover(false)));
        assertEquals(VrrpState.MASTER, f.state.state());
    }

    @Test
    void master_afterTheChange_shouldKeepAdvertisingAtTheNewInterval() {
        Fsm f = new Fsm(Fsm.v3(200)).master();
        f.reconfigure(Fsm.v3(200).withAdvertisementIntervalCs(50));
        f.fire(new Event.AdverTimerFired());
        assertEquals(Timers.centiseconds(50), f.armed(TimerKind.ADVER).orElseThrow());
    }

    @Test
    void backupV3_followingAMaster_shouldKeepTheLearnedIntervalAndItsDownTimer() {
        Fsm f = new Fsm(Fsm.v3(100)).backup();
        f.advert(HIGH, 200, 100);
        assertEquals(List.of(), f.reconfigure(Fsm.v3(100).withAdvertisementIntervalCs(400)));
        assertEquals(100, f.state.masterAdverIntervalCs());
    }

    @Test
    void backupV3_beforeHearingAnyMaster_shouldSizeItsDownTimerOnALongerNewInterval() {
        Fsm f = new Fsm(Fsm.v3(100)).backup();
        f.reconfigure(Fsm.v3(100).withAdvertisementIntervalCs(400));
        assertEquals(Timers.masterDownInterval(3, 100, 400), f.armed(TimerKind.MASTER_DOWN).orElseThrow());
        assertEquals(400, f.state.masterAdverIntervalCs());
    }

    @Test
    void backupV2_shorterInterval_shouldNotShortenTheRunningDownTimer() {
        Fsm f = new Fsm(Fsm.v2(100).withAdvertisementIntervalCs(500)).backup();
        f.advert(HIGH, 200);
        f.advance(Duration.ofSeconds(1));
        f.reconfigure(Fsm.v2(100).withAdvertisementIntervalCs(100));
        Duration left = Timers.masterDownInterval(2, 100, 500).minusSeconds(1);
        assertEquals(left, f.armed(TimerKind.MASTER_DOWN).orElseThrow());
        assertEquals(VrrpState.BACKUP, f.state.state());
    }

    @Test
    void backupV2_longerInterval_shouldExtendTheDownTimerToTheNewMasterDownInterval() {
        Fsm f = new Fsm(Fsm.v2(100)).backup();
        f.advert(HIGH, 200);
        f.reconfigure(Fsm.v2(100).withAdvertisementIntervalCs(300));
        assertEquals(Timers.masterDownInterval(2, 100, 300), f.armed(TimerKind.MASTER_DOWN).orElseThrow());
    }

    @Test
    void backup_shorterPreemptDelay_shouldLetALowerMasterBePreemptedAtOnce() {
        Fsm f = new Fsm(Fsm.v3(200).withPreemptDelay(Duration.ofSeconds(60))).backup();
        f.advance(Duration.ofSeconds(1));
        f.reconfigure(Fsm.v3(200));
        f.advert(LOW, 100, 100);
        assertEquals(Timers.skewTime(3, 200, 100), f.armed(TimerKind.MASTER_DOWN).orElseThrow());
    }

    @Test
    void backup_longerPreemptDelay_shouldHoldALowerMasterForTheNewDelay() {
        Fsm f = new Fsm(Fsm.v3(200).withPreemptDelay(Duration.ofSeconds(1))).backup();
        f.advance(Duration.ofSeconds(2));
        f.reconfigure(Fsm.v3(200).withPreemptDelay(Duration.ofSeconds(60)));
        f.advert(LOW, 100, 100); // 2 s after entering Backup: past the old 1 s delay, within the new 60 s
        assertEquals(Timers.masterDownInterval(3, 200, 100), f.armed(TimerKind.MASTER_DOWN).orElseThrow());
    }

    @Test
    void faultAndInitialize_shouldTakeTheNewSettingsWithoutActions() {
        Fsm faulted = new Fsm(Fsm.v3(100)).backup();
        faulted.fire(new Event.FaultRaised("link down"));
        assertEquals(List.of(), faulted.reconfigure(Fsm.v3(100).withAdvertisementIntervalCs(200)));
        assertEquals(VrrpState.FAULT, faulted.state.state());
        faulted.fire(new Event.FaultCleared());
        assertEquals(Timers.masterDownInterval(3, 100, 200), faulted.armed(TimerKind.MASTER_DOWN).orElseThrow());

        Fsm init = new Fsm(Fsm.v3(100));
        assertEquals(List.of(), init.reconfigure(Fsm.v3(100).withAdvertisementIntervalCs(200)));
        assertEquals(VrrpState.INITIALIZE, init.state.state());
    }

    @Test
    void aChangeOfVridVersionOrOwnership_shouldBeRefused() {
        Fsm f = new Fsm(Fsm.v3(100)).backup();
        assertThrows(IllegalArgumentException.class,
                () -> f.reconfigure(VrrpConfig.defaults(8, 3, Fsm.SELF).withPriority(100)));
        Fsm g = new Fsm(Fsm.v3(100)).backup();
        assertThrows(IllegalArgumentException.class, () -> g.reconfigure(Fsm.v2(100)));
        Fsm h = new Fsm(Fsm.v3(100)).backup();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> h.reconfigure(Fsm.v3(255)));
        assertTrue(e.getMessage().contains("new router"), e.getMessage());
    }
}
