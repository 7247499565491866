package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VirtualAddress;
import org.vrrpd.fsm.VrrpState;

/** A reload applied in place to a running router: VIPs, interval and election settings without a state change. */
class ReconfigureDriverTest {

    private static final String SECOND_VIP = "192.0.2.101";

    private final DriverRig rig = new DriverRig();

    private static VirtualAddress vip(String a) throws Exception {
        return new VirtualAddress(InetAddress.getByName(a), 24, Optional.empty(), Optional.empty());
    }

    private static boolean holds(DriverRig.Router r, String address) throws Exception {
        return r.kernel.addresses(r.ifindex).stream().anyMatch(a -> a.address().getHostAddress().equals(address));
    }

    private DriverRig.Router[] masterAndBackup() throws Exception {
        DriverRig.Router r1 = rig.add(1, 200);
        DriverRig.Router r2 = rig.add(2, 100);
        r1.driver.start();
        r2.driver.start();
        rig.clock.advance(Duration.ofSeconds(2));
        assertEquals(VrrpState.MASTER, r1.state());
        r1.transitions.clear();
        r2.transitions.clear();
        return new DriverRig.Router[] {r1, r2};
    }

    @Test
    void master_addingAndRemovingVips_shouldChangeOnlyThoseAddressesAndStayMaster() throws Exception {
        DriverRig.Router[] rs = masterAndBackup();
        InstanceConfig base = DriverRig.config(200, true);
        rs[0].driver.reconfigure(base.withVirtualAddresses(List.of(vip(DriverRig.VIP), vip(SECOND_VIP))));
        assertTrue(holds(rs[0], SECOND_VIP), "the added VIP is on the Master at once");
        assertTrue(rs[0].hasVip());
        rs[0].driver.reconfigure(base.withVirtualAddresses(List.of(vip(SECOND_VIP))));
        rig.clock.advance(Duration.ofSeconds(2));
        assertFalse(rs[0].hasVip(), "the dropped VIP is gone");
        assertTrue(holds(rs[0], SECOND_VIP));
        assertEquals(List.of(), rs[0].transitions);
        assertEquals(List.of(), rs[1].transitions);
        assertEquals(0, rs[0].driver.counters().priorityZeroSent());
    }

    @Test
    void master_longerAdvertInterval_shouldBeLearnedByTheBackupBeforeItsDownTimerRunsOut() throws Exception {
        DriverRig.Router[] rs = masterAndBackup();
        InstanceConfig slower = new InstanceConfig("vi", "eth0", 42, 3, DriverRig.config(200, true).family(), 200,
                Duration.ofSeconds(1), DriverRig.config(200, true).virtualAddresses(), List.of(), true, Duration.ZERO,
                false, DriverRig.config(200, true).checksumMode(), Optional.empty(), List.of(),
                DriverRig.config(200, true).garp(), true, List.of(), DriverRig.config(200, true).notifyScripts(),
                List.of(), true);
        rs[0].driver.reconfigure(slower); // 100 ms -> 1 s: the Backup's old Master_Down_Interval is 0.36 s
        rig.clock.advance(Duration.ofSeconds(5));
        assertEquals(List.of(), rs[0].transitions);
        assertEquals(List.of(), rs[1].transitions, "the Backup took over while the Master was alive");
        assertEquals(100, rs[1].driver.master().orElseThrow().adverIntervalCs());
        assertEquals(0, rs[0].driver.counters().priorityZeroSent());
    }

    @Test
    void master_lowerPriorityStillAboveTheBackup_shouldStayMasterAndAdvertiseTheNewPriority() throws Exception {
        DriverRig.Router[] rs = masterAndBackup();
        rs[0].driver.reconfigure(DriverRig.config(150, true));
        rig.clock.advance(Duration.ofSeconds(1));
        assertEquals(150, rs[0].driver.effectivePriority());
        assertEquals(150, rs[1].driver.master().orElseThrow().priority(), "the Backup heard the new priority");
        assertEquals(List.of(), rs[0].transitions);
        assertEquals(List.of(), rs[1].transitions);
        assertEquals(0, rs[0].driver.counters().priorityZeroSent());
    }

    @Test
    void master_priorityBelowTheBackup_shouldLoseTheElection_withoutAPriorityZeroAdvert() throws Exception {
        DriverRig.Router[] rs = masterAndBackup();
        rs[0].driver.reconfigure(DriverRig.config(90, true));
        rig.clock.advance(Duration.ofSeconds(1));
        assertEquals(VrrpState.MASTER, rs[1].state(), "the higher Backup preempts the lowered Master");
        assertEquals(VrrpState.BACKUP, rs[0].state());
        assertEquals(0, rs[0].driver.counters().priorityZeroSent(), "an election, not a hand-over");
    }

    @Test
    void backup_reload_shouldKeepItBackupWithoutTheVip() throws Exception {
        DriverRig.Router[] rs = masterAndBackup();
        rs[1].driver.reconfigure(DriverRig.config(100, false)
                .withVirtualAddresses(List.of(vip(DriverRig.VIP), vip(SECOND_VIP))));
        rig.clock.advance(Duration.ofSeconds(2));
        assertEquals(VrrpState.BACKUP, rs[1].state());
        assertFalse(holds(rs[1], SECOND_VIP));
        assertEquals(List.of(), rs[1].transitions);
    }
}
