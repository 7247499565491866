package org.vrrpd.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.fsm.Fsm.HIGH;

import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived's FAULT state: a tracked failure without weight, or the interface is down. */
class FaultStateTest {

    @Test
    void faultRaised_inMaster_shouldCancelAdverTimerSendPriorityZeroAndRemoveVips() {
        Fsm f = new Fsm(Fsm.v3(100)).master();
        List<Action> actions = f.fire(new Event.FaultRaised("eth0 down"));
        assertEquals(List.of(
                new Action.CancelTimer(TimerKind.ADVER),
                new Action.SendAdvert(0),
                new Action.RemoveVips(),
                new Action.Notify(VrrpState.MASTER, VrrpState.FAULT, "eth0 down")), actions);
        assertEquals(VrrpState.FAULT, f.state.state());
        assertEquals("eth0 down", f.state.faultReason());
    }

    @Test
    void faultRaised_inBackup_shouldCancelMasterDownTimer() {
        Fsm f = new Fsm(Fsm.v3(100)).backup();
        assertEquals(List.of(new Action.CancelTimer(TimerKind.MASTER_DOWN),
                new Action.Notify(VrrpState.BACKUP, VrrpState.FAULT, "check smtp failed")),
                f.fire(new Event.FaultRaised("check smtp failed")));
    }

    @Test
    void inFault_advertsAndTimersShouldBeIgnored_andNoVipHeld() {
        Fsm f = new Fsm(Fsm.v3(200)).backup();
        f.fire(new Event.FaultRaised("x"));
        assertEquals(List.of(), f.advert(HIGH, 0));
        assertEquals(List.of(), f.advert(HIGH, 1));
        assertEquals(List.of(), f.fire(new Event.MasterDownTimerFired()));
        assertEquals(List.of(), f.fire(new Event.AdverTimerFired()));
        assertEquals(VrrpState.FAULT, f.state.state());
    }

    @Test
    void faultCleared_shouldGoToBackupWithAFreshMasterDownTimer() {
        Fsm f = new Fsm(Fsm.v3(100).withAdvertisementIntervalCs(50)).backup();
        f.advert(HIGH, 200, 300);
        f.fire(new Event.FaultRaised("x"));
        List<Action> actions = f.fire(new Event.FaultCleared());
        assertEquals(VrrpState.BACKUP, f.state.state());
        assertEquals(50, f.state.masterAdverIntervalCs());
        assertEquals(Timers.masterDownInterval(3, 100, 50), f.armed(TimerKind.MASTER_DOWN).orElseThrow());
        assertTrue(actions.contains(new Action.Notify(VrrpState.FAULT, VrrpState.BACKUP, "fault cleared")));
        assertEquals(null, f.state.faultReason());
    }

    @Test
    void faultCleared_asOwner_shouldBecomeMasterAtOnce() {
        Fsm f = new Fsm(Fsm.v3(255)).master();
        f.fire(new Event.FaultRaised("x"));
        f.fire(new Event.FaultCleared());
        assertEquals(VrrpState.MASTER, f.state.state());
        assertTrue(f.did(new Action.AddVips()) && f.did(new Action.SendGratuitous()));
    }

    @Test
    void faultRaised_beforeStartup_shouldMakeStartupEnterFault_andClearingBeforeStartupShouldNot() {
        Fsm f = new Fsm(Fsm.v3(255));
        f.fire(new Event.FaultRaised("link down"));
        assertEquals(VrrpState.INITIALIZE, f.state.state());
        f.fire(new Event.Startup());
        assertEquals(VrrpState.FAULT, f.state.state());
        assertTrue(f.last.stream().noneMatch(a -> a instanceof Action.SendAdvert || a instanceof Action.AddVips));

        Fsm g = new Fsm(Fsm.v3(100));
        g.fire(new Event.FaultRaised("link down"));
        g.fire(new Event.FaultCleared());
        g.fire(new Event.Startup());
        assertEquals(VrrpState.BACKUP, g.state.state());
    }

    @Test
    void shutdown_inFault_shouldGoToInitializeAndKeepTheFault() {
        Fsm f = new Fsm(Fsm.v3(100)).backup();
        f.fire(new Event.FaultRaised("x"));
        f.fire(new Event.Shutdown());
        assertEquals(VrrpState.INITIALIZE, f.state.state());
        f.fire(new Event.Startup());
        assertEquals(VrrpState.FAULT, f.state.state());
    }

    @Test
    void faultRaisedAgain_inFault_shouldOnlyUpdateTheReason() {
        Fsm f = new Fsm(Fsm.v3(100)).backup();
        f.fire(new Event.FaultRaised("a"));
        assertEquals(List.of(), f.fire(new Event.FaultRaised("b")));
        assertEquals("b", f.state.faultReason());
    }
}
