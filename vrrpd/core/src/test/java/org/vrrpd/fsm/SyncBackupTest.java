package org.vrrpd.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vrrpd.fsm.Fsm.HIGH;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A sync group member left Master: keepalived's vrrp_sync_backup, with a priority-0 advert on the way out. */
class SyncBackupTest {

    @Test
    void syncBackup_inMaster_shouldSendPriorityZeroRemoveVipsAndWaitAsBackup() {
        Fsm f = new Fsm(Fsm.v3(150).withAdvertisementIntervalCs(100)).master();
        List<Action> actions = f.fire(new Event.SyncBackup("sync group mail: mail6 went BACKUP"));
        assertEquals(List.of(
                new Action.CancelTimer(TimerKind.ADVER),
                new Action.SendAdvert(0),
                new Action.RemoveVips(),
                new Action.ArmTimer(TimerKind.MASTER_DOWN, Timers.masterDownInterval(3, 150, 100)),
                new Action.Notify(VrrpState.MASTER, VrrpState.BACKUP, "sync group mail: mail6 went BACKUP")),
                actions);
        assertEquals(VrrpState.BACKUP, f.state.state());
    }

    @Test
    void syncBackup_inBackupFaultOrInitialize_shouldDoNothing() {
        Fsm backup = new Fsm(Fsm.v3(100)).backup();
        backup.advert(HIGH, 200);
        assertEquals(List.of(), backup.fire(new Event.SyncBackup("x")));
        assertEquals(VrrpState.BACKUP, backup.state.state());

        Fsm fault = new Fsm(Fsm.v3(100)).backup();
        fault.fire(new Event.FaultRaised("link down"));
        assertEquals(List.of(), fault.fire(new Event.SyncBackup("x")));
        assertEquals(VrrpState.FAULT, fault.state.state());

        Fsm init = new Fsm(Fsm.v3(100));
        assertEquals(List.of(), init.fire(new Event.SyncBackup("x")));
        assertEquals(VrrpState.INITIALIZE, init.state.state());
    }

    @Test
    void afterSyncBackup_aLowerMasterIsPreemptedAfterSkewTimeOnly() {
        Fsm f = new Fsm(Fsm.v3(150).withAdvertisementIntervalCs(100)).master();
        f.fire(new Event.SyncBackup("x"));
        f.advert(Fsm.LOW, 100);
        assertEquals(Timers.skewTime(3, 150, 100), f.armed(TimerKind.MASTER_DOWN).orElseThrow());
    }
}
