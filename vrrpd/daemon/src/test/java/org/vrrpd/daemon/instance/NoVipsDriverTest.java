package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.net.netlink.InterfaceAddress;

/**
 * An instance without VIPs (keepalived's vrrp_instance without virtual_ipaddress, a cloud pair whose notify
 * script moves the address): it elects and fails over like any other, adds no address and sends no GARP.
 */
class NoVipsDriverTest {

    private final DriverRig rig = new DriverRig();

    private static InstanceConfig noVips(int priority) throws Exception {
        return DriverRig.config(priority, true).withVirtualAddresses(List.of());
    }

    private List<InterfaceAddress> addresses(DriverRig.Router r) throws Exception {
        return r.kernel.addresses(r.ifindex);
    }

    @Test
    void twoRoutersWithoutVips_shouldElect_andFailOver_withoutTouchingAddressesOrSendingGarps() throws Exception {
        DriverRig.Router r1 = rig.add(1, noVips(200));
        DriverRig.Router r2 = rig.add(2, noVips(100));
        List<InterfaceAddress> before1 = addresses(r1);
        List<InterfaceAddress> before2 = addresses(r2);
        r1.driver.start();
        r2.driver.start();
        rig.clock.advance(Duration.ofSeconds(2));
        assertEquals(VrrpState.MASTER, r1.state());
        assertEquals(VrrpState.BACKUP, r2.state());
        assertEquals(0, r2.driver.counters().drops().size(), "count-0 adverts dropped: " + r2.driver.counters().drops());
        assertTrue(r2.driver.counters().advertsReceived() > 10);

        r1.driver.linkChanged(false);
        rig.clock.advance(Duration.ofSeconds(1));
        assertEquals(VrrpState.FAULT, r1.state());
        assertEquals(VrrpState.MASTER, r2.state());
        assertEquals(List.of("BACKUP->MASTER", "MASTER->FAULT"), r1.transitions.subList(
                r1.transitions.size() - 2, r1.transitions.size()));
        assertEquals(before1, addresses(r1));
        assertEquals(before2, addresses(r2));
        assertEquals(0, rig.lan.frames().size(), "GARP/NA sent for an instance without VIPs: " + rig.lan.frames());
    }
}
