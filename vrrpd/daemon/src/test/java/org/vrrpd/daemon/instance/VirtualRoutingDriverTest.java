package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VirtualRoute;
import org.vrrpd.config.VirtualRouting;
import org.vrrpd.config.VirtualRule;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.net.netlink.Route;
import org.vrrpd.net.netlink.Rule;
import org.vrrpd.wire.AddressFamily;

/** virtual_routes and virtual_rules: on the Master only, added after the VIPs and removed before them. */
class VirtualRoutingDriverTest {

    private final DriverRig rig = new DriverRig();

    private static InstanceConfig withRouting(int priority) throws Exception {
        VirtualRouting routing = new VirtualRouting(
                List.of(new VirtualRoute(InetAddress.getByName("198.51.100.0"), 24,
                        Optional.of(InetAddress.getByName("192.0.2.254")), Optional.empty(), 100, 0)),
                List.of(new VirtualRule(AddressFamily.IPV4, Optional.of(InetAddress.getByName(DriverRig.VIP)), 32,
                        Optional.empty(), 0, 100, 1000)));
        return DriverRig.config(priority, true).withRouting(routing);
    }

    private static List<Route> routes(DriverRig.Router r) {
        return r.kernel.routes();
    }

    @Test
    void routesAndRules_shouldBeOnTheMasterOnly_andFollowAFailover() throws Exception {
        DriverRig.Router r1 = rig.add(1, withRouting(200));
        DriverRig.Router r2 = rig.add(2, withRouting(100));
        r1.driver.start();
        r2.driver.start();
        rig.clock.advance(Duration.ofSeconds(2));
        assertEquals(VrrpState.MASTER, r1.state());
        Route expected = new Route(InetAddress.getByName("198.51.100.0"), 24,
                Optional.of(InetAddress.getByName("192.0.2.254")), r1.ifindex, 100, 0);
        assertEquals(List.of(expected), routes(r1));
        assertEquals(List.of(new Rule(AddressFamily.IPV4, Optional.of(InetAddress.getByName(DriverRig.VIP)), 32,
                Optional.empty(), 0, 100, 1000)), r1.kernel.rules());
        assertEquals(List.of(), routes(r2));
        assertEquals(List.of(), r2.kernel.rules());

        r1.driver.linkChanged(false);
        rig.clock.advance(Duration.ofSeconds(1));
        assertEquals(VrrpState.MASTER, r2.state());
        assertEquals(List.of(), routes(r1));
        assertEquals(List.of(), r1.kernel.rules());
        assertEquals(1, routes(r2).size());
        assertEquals(1, r2.kernel.rules().size());

        r2.driver.stop();
        assertEquals(List.of(), routes(r2), "a clean stop removes the routes with the VIPs");
        assertEquals(List.of(), r2.kernel.rules());
    }
}
