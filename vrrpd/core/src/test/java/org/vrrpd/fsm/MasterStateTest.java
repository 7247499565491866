package org.vrrpd.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vrrpd.fsm.Fsm.HIGH;
import static org.vrrpd.fsm.Fsm.LOW;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9568 §6.4.3: the Master ("Active") state. */
class MasterStateTest {

    @Test
    void shutdown_inMaster_shouldCancelAdverTimerSendPriorityZeroRemoveVipsAndGoToInitialize() {
        Fsm f = new Fsm(Fsm.v3(100)).master();
        List<Action> actions = f.fire(new Event.Shutdown());
        assertEquals(List.of(
                new Action.CancelTimer(TimerKind.ADVER),
                new Action.SendAdvert(0),
                new Action.RemoveVips(),
                new Action.Notify(VrrpState.MASTER, VrrpState.INITIALIZE, "shutdown")), actions);
        assertEquals(VrrpState.INITIALIZE, f.state.state());
    }

    @Test
    void adverTimer_inMaster_shouldSendAdvertAndRearmAdvertisementInterval() {
        Fsm f = new Fsm(Fsm.v3(100).withAdvertisementIntervalCs(70)).master();
        assertEquals(List.of(new Action.SendAdvert(100),
                new Action.ArmTimer(TimerKind.ADVER, Timers.centiseconds(70))), f.fire(new Event.AdverTimerFired()));
    }

    @Test
    void priorityZeroAdvert_inMaster_shouldSendAdvertAndResetAdverTimer() {
        Fsm f = new Fsm(Fsm.v3(100)).master();
        assertEquals(List.of(new Action.SendAdvert(100),
                new Action.ArmTimer(TimerKind.ADVER, Timers.centiseconds(100))), f.advert(HIGH, 0));
        assertEquals(VrrpState.MASTER, f.state.state());
    }

    @Test
    void higherPriorityAdvert_inMaster_shouldCancelAdverTimerLearnIntervalArmDownTimerAndBecomeBackup() {
        Fsm f = new Fsm(Fsm.v3(100)).master();
        List<Action> actions = f.advert(LOW, 101, 40);
        assertEquals(List.of(
                new Action.CancelTimer(TimerKind.ADVER),
                new Action.RemoveVips(),
                new Action.ArmTimer(TimerKind.MASTER_DOWN, Timers.masterDownInterval(3, 100, 40)),
                new Action.Notify(VrrpState.MASTER, VrrpState.BACKUP,
                        "advert from 192.0.2.1 with higher priority 101")), actions);
        assertEquals(40, f.state.masterAdverIntervalCs());
    }

    @Test
    void equalPriorityAdvert_fromGreaterPrimaryAddress_inMaster_shouldYieldToBackup() {
        Fsm f = new Fsm(Fsm.v3(100)).master();
        f.advert(HIGH, 100);
        assertEquals(VrrpState.BACKUP, f.state.state());
    }

    @Test
    void equalPriorityAdvert_fromLowerPrimaryAddress_inMaster_shouldDiscardAndAdvertiseAtOnce() {
        Fsm f = new Fsm(Fsm.v3(100)).master();
        assertEquals(List.of(new Action.SendAdvert(100), new Action.SendGratuitous()), f.advert(LOW, 100));
        assertEquals(VrrpState.MASTER, f.state.state());
    }

    @Test
    void tieBreak_shouldCompareAddressesUnsignedInNetworkByteOrder() {
        // 192.0.2.200 has a high bit set in its last byte: signed comparison would rank it below 192.0.2.5.
        Fsm f = new Fsm(Fsm.v3(100)).master();
        f.advert(Fsm.addr("192.0.2.200"), 100);
        assertEquals(VrrpState.BACKUP, f.state.state());
        Fsm g = new Fsm(VrrpConfig.defaults(7, 3, Fsm.addr("fe80::ff"))).master();
        g.advert(Fsm.addr("fe80::1:0"), 100);
        assertEquals(VrrpState.BACKUP, g.state.state());
    }

    @Test
    void lowerPriorityAdvert_inMaster_shouldDiscardAndAnswerAtOnceWithAdvertAndGratuitousBurst() {
        // RFC 9568 §6.4.3: a healed split brain converges in one exchange.
        Fsm f = new Fsm(Fsm.v3(100)).master();
        RouterState before = f.state;
        assertEquals(List.of(new Action.SendAdvert(100), new Action.SendGratuitous()), f.advert(HIGH, 99));
        assertEquals(before, f.state);
    }

    @Test
    void priorityLowered_inMaster_shouldAdvertiseTheNewPriorityAtOnce() {
        Fsm f = new Fsm(Fsm.v3(200)).master();
        assertEquals(List.of(new Action.SendAdvert(90),
                new Action.ArmTimer(TimerKind.ADVER, Timers.centiseconds(100))), f.fire(new Event.PriorityChanged(90)));
        assertEquals(90, f.state.priority());
        assertEquals(VrrpState.MASTER, f.state.state());
    }

    @Test
    void priorityChanged_shouldBeClampedToOneTo254_andIgnoredForTheOwner() {
        Fsm f = new Fsm(Fsm.v3(100)).master();
        f.fire(new Event.PriorityChanged(0));
        assertEquals(1, f.state.priority());
        f.fire(new Event.PriorityChanged(300));
        assertEquals(254, f.state.priority());
        Fsm owner = new Fsm(Fsm.v3(255)).master();
        assertEquals(List.of(), owner.fire(new Event.PriorityChanged(10)));
        assertEquals(255, owner.state.priority());
    }

    @Test
    void masterDownTimer_inMaster_shouldBeIgnored() {
        Fsm f = new Fsm(Fsm.v3(100)).master();
        assertEquals(List.of(), f.fire(new Event.MasterDownTimerFired()));
    }

    @Test
    void afterYielding_theNewBackupShouldTakeOverAgainWhenItsMasterGoesSilent() {
        Fsm f = new Fsm(Fsm.v3(100)).master();
        f.advert(HIGH, 150);
        f.fire(new Event.MasterDownTimerFired());
        assertEquals(VrrpState.MASTER, f.state.state());
        assertEquals(1, f.machine.transitionCount(VrrpState.MASTER, VrrpState.BACKUP));
        assertEquals(2, f.machine.transitionCount(VrrpState.BACKUP, VrrpState.MASTER));
    }
}
