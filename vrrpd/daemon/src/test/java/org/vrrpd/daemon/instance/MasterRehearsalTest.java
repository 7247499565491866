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
import org.vrrpd.net.netlink.InterfaceAddress;

/** The Master path rehearsed on a Backup: everything built, nothing sent, no address or state changed. */
class MasterRehearsalTest {

    private final DriverRig rig = new DriverRig();

    @Test
    void rehearsal_onABackup_shouldSendNothing_addNoAddress_andLeaveTheRouterAsItWas() throws Exception {
        List<DriverRig.Router> rs = rig.elected(200, 100);
        DriverRig.Router master = rs.get(0);
        DriverRig.Router backup = rs.get(1);
        List<InterfaceAddress> before = backup.kernel.addresses(backup.ifindex);
        long received = master.driver.counters().advertsReceived();
        int transitions = backup.transitions.size();

        for (boolean withFsm : new boolean[] {true, false}) {
            MasterRehearsal r = backup.driver.masterRehearsal(withFsm);
            for (int i = 0; i < 50; i++) {
                assertTrue(r.getAsLong() > 0, "the pass built adverts, requests and frames");
            }
        }

        assertEquals(VrrpState.BACKUP, backup.state());
        assertEquals(transitions, backup.transitions.size(), "no transition reported");
        assertEquals(0, backup.driver.counters().advertsSent());
        assertEquals(0, backup.driver.counters().becameMaster());
        assertEquals(received, master.driver.counters().advertsReceived(), "nothing reached the LAN");
        assertEquals(before, backup.kernel.addresses(backup.ifindex), "no address added or removed");
        assertFalse(backup.hasVip());
    }

    @Test
    void rehearsal_shouldRunTheTakeoversVipAndAnnouncementCode_onScratchObjects() throws Exception {
        DriverRig.Router r = rig.add(1, withTwoVips(DriverRig.config(100, true)));
        r.driver.start();
        List<InterfaceAddress> before = r.kernel.addresses(r.ifindex);

        MasterRehearsal pass = r.driver.masterRehearsal(false); // AddVips, SendGratuitous, priority 0, RemoveVips
        pass.getAsLong();
        pass.getAsLong();

        DryTakeover dry = pass.dryTakeover();
        assertEquals(2 * 2 * 2, dry.requests(), "two passes: each VIP's add and remove request encoded");
        assertEquals(2 * 2, dry.frames(), "two passes: one gratuitous ARP per VIP built");
        assertEquals(before, r.kernel.addresses(r.ifindex), "none of it reached the kernel");
        assertEquals(0, r.driver.counters().advertsSent());
    }

    @Test
    void afterRehearsals_theBackup_shouldStillTakeOverWhenTheMasterLeaves() throws Exception {
        List<DriverRig.Router> rs = rig.elected(200, 100);
        MasterRehearsal r = rs.get(1).driver.masterRehearsal(true);
        for (int i = 0; i < 20; i++) {
            r.getAsLong();
        }
        rs.get(0).driver.stop();
        rig.clock.advance(Duration.ofMillis(100));
        assertEquals(VrrpState.MASTER, rs.get(1).state());
        assertTrue(rs.get(1).hasVip());
        assertEquals(1, rs.get(1).driver.counters().becameMaster());
    }

    @Test
    void rehearsal_ofAnAddressOwner_andOfSeveralVips_shouldRunToTheEnd() throws Exception {
        DriverRig.Router r = rig.add(1, withTwoVips(DriverRig.config(255, true)));
        r.driver.start();
        rig.clock.advance(Duration.ofSeconds(1));
        long sent = r.driver.counters().advertsSent();
        assertTrue(r.driver.masterRehearsal(true).getAsLong() > 0);
        assertEquals(sent, r.driver.counters().advertsSent());
        assertEquals(VrrpState.MASTER, r.state());
    }

    private static InstanceConfig withTwoVips(InstanceConfig c) throws Exception {
        return c.withVirtualAddresses(List.of(
                new VirtualAddress(InetAddress.getByName(DriverRig.VIP), 24, Optional.empty(), Optional.empty()),
                new VirtualAddress(InetAddress.getByName("198.51.100.7"), 32, Optional.empty(), Optional.empty())));
    }
}
