package org.vrrpd.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.fsm.Fsm.SELF;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9568 §6.4.1: the Initialize state. */
class InitializeStateTest {

    @Test
    void startup_asAddressOwner_shouldSendAdvertAndGratuitousArmAdverTimerAndBecomeMasterAtOnce() {
        Fsm f = new Fsm(Fsm.v3(255));
        List<Action> actions = f.fire(new Event.Startup());
        assertEquals(VrrpState.MASTER, f.state.state());
        assertEquals(List.of(
                new Action.SendAdvert(255),
                new Action.AddVips(),
                new Action.SendGratuitous(),
                new Action.ArmTimer(TimerKind.ADVER, Timers.centiseconds(100)),
                new Action.Notify(VrrpState.INITIALIZE, VrrpState.MASTER, "startup as address owner")), actions);
    }

    @Test
    void startup_asNonOwner_shouldSetMasterAdverIntervalToOursAndArmMasterDownIntervalAndBecomeBackup() {
        Fsm f = new Fsm(Fsm.v3(100).withAdvertisementIntervalCs(50));
        List<Action> actions = f.fire(new Event.Startup());
        assertEquals(VrrpState.BACKUP, f.state.state());
        assertEquals(50, f.state.masterAdverIntervalCs());
        assertEquals(List.of(
                new Action.ArmTimer(TimerKind.MASTER_DOWN, Timers.masterDownInterval(3, 100, 50)),
                new Action.Notify(VrrpState.INITIALIZE, VrrpState.BACKUP, "startup")), actions);
    }

    @Test
    void startup_asNonOwner_shouldNeitherSendAdvertNorAddVips() {
        Fsm f = new Fsm(Fsm.v3(254));
        f.fire(new Event.Startup());
        assertTrue(f.last.stream().noneMatch(a -> a instanceof Action.SendAdvert || a instanceof Action.AddVips));
    }

    @Test
    void startup_v2_shouldArmThreeAdvertisementIntervalsPlusWholeSecondSkew() {
        Fsm f = new Fsm(Fsm.v2(100).withAdvertisementIntervalCs(200));
        f.fire(new Event.Startup());
        assertEquals(Timers.masterDownInterval(2, 100, 200), f.armed(TimerKind.MASTER_DOWN).orElseThrow());
    }

    @Test
    void eventsOtherThanStartup_inInitialize_shouldDoNothing() {
        Fsm f = new Fsm(Fsm.v3(100));
        assertEquals(List.of(), f.advert(SELF, 200));
        assertEquals(List.of(), f.fire(new Event.MasterDownTimerFired()));
        assertEquals(List.of(), f.fire(new Event.AdverTimerFired()));
        assertEquals(List.of(), f.fire(new Event.Shutdown()));
        assertEquals(VrrpState.INITIALIZE, f.state.state());
    }

    @Test
    void startup_afterShutdown_shouldRejoinAsBackup() {
        Fsm f = new Fsm(Fsm.v3(100)).master();
        f.fire(new Event.Shutdown());
        assertEquals(VrrpState.INITIALIZE, f.state.state());
        f.fire(new Event.Startup());
        assertEquals(VrrpState.BACKUP, f.state.state());
    }
}
