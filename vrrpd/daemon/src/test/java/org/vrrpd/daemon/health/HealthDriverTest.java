package org.vrrpd.daemon.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.runtime.CheckScheduler;
import org.vrrpd.config.CheckTypes;
import org.vrrpd.config.ConfigLoader;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.daemon.instance.InstanceDriver;
import org.vrrpd.daemon.vip.VipTable;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.net.EndpointSpec;
import org.vrrpd.net.InMemoryLan;
import org.vrrpd.net.MacAddress;
import org.vrrpd.net.netlink.FakeRtnetlink;
import org.vrrpd.net.netlink.InterfaceAddress;
import org.vrrpd.wire.AddressFamily;

/**
 * Checks driving a real {@link InstanceDriver} on the in-memory LAN, with a manual protocol clock: the priority
 * and Fault the checks report before the router starts, Fault from a weight-0 check, and a Master advertising a
 * lowered priority at once.
 */
class HealthDriverTest {

    record Advert(long nanos, int priority) {
    }

    final ManualProtocolScheduler loop = new ManualProtocolScheduler();
    final ManualCheckTime checkTime = new ManualCheckTime();
    final HealthSupervisor supervisor = new HealthSupervisor(CheckPlugins.builtinOnly(), n -> true,
            (instance, checks, listener) -> new CheckScheduler(checks, listener, checkTime, checkTime,
                    checkTime.workers, 0));
    final List<Advert> heard = new ArrayList<>();
    InstanceDriver driver;

    @AfterEach
    void reset() {
        FakeFactory.UP.clear();
        supervisor.close();
    }

    InstanceDriver start(String checksYaml) throws Exception {
        String yaml = "instances:\n  - name: vi\n    interface: eth0\n    vrid: 7\n    priority: 150\n"
                + "    advert_interval: 1s\n    vips: [192.0.2.10/24]\n" + checksYaml;
        InstanceConfig ic = ConfigLoader.parse(yaml, "test.yaml", CheckTypes.of(new FakeFactory())).instances()
                .get(0);
        FakeRtnetlink rtnl = new FakeRtnetlink();
        rtnl.addLinkByHand("lo", 65536);
        int eth0 = rtnl.addLinkByHand("eth0", 1500);
        InetAddress own = InetAddress.getByName("192.0.2.1");
        rtnl.addAddress(new InterfaceAddress(eth0, own, 24, Optional.empty(), 0, 0));
        InMemoryLan lan = new InMemoryLan();
        InMemoryLan.Host r1 = lan.host("r1", loop::execute)
                .attach("eth0", "lan", MacAddress.parse("02:00:00:00:00:01"), own);
        InMemoryLan.Host peer = lan.host("peer", loop::execute)
                .attach("eth0", "lan", MacAddress.parse("02:00:00:00:00:02"), InetAddress.getByName("192.0.2.2"));
        peer.open(EndpointSpec.multicast("eth0", AddressFamily.IPV4),
                (env, payload) -> heard.add(new Advert(loop.nanoTime(), payload[2] & 0xff)));
        driver = new InstanceDriver(ic, loop, r1, new VipTable(rtnl), (d, from, to, why) -> { });
        supervisor.attach(ic, driver.tracking());
        driver.start();
        supervisor.start("vi");
        return driver;
    }

    /** Lets the checks run for {@code d} and the protocol thread handle what they posted. */
    void runChecks(Duration d) {
        checkTime.advance(d);
        loop.runQueued();
    }

    @Test
    void weightZeroCheckDownAtStart_shouldStartTheRouterInFault_thenJoinAsBackupWhenItPasses() throws Exception {
        FakeFactory.UP.put("smtp", false);
        start("    checks:\n      - {type: fake, name: smtp, key: smtp, weight: 0}\n");
        assertEquals(VrrpState.FAULT, driver.state());
        runChecks(Duration.ZERO);
        assertEquals(VrrpState.FAULT, driver.state(), "still down");
        FakeFactory.UP.put("smtp", true);
        runChecks(Duration.ofSeconds(1));
        assertEquals(VrrpState.BACKUP, driver.state());
        loop.advance(Duration.ofSeconds(4));
        assertEquals(VrrpState.MASTER, driver.state());
    }

    @Test
    void checksBeforeStart_shouldSetThePriorityTheRouterStartsWith() throws Exception {
        start("    checks:\n      - {type: fake, name: web, key: web, weight: -60}\n");
        assertEquals(90, driver.effectivePriority(), "every check is down until it has risen");
        runChecks(Duration.ZERO);
        assertEquals(150, driver.effectivePriority());
    }

    @Test
    void failingCheckOnMaster_shouldAdvertiseTheLoweredPriorityAtOnce() throws Exception {
        start("    checks:\n      - {type: fake, name: web, key: web, weight: -60}\n");
        runChecks(Duration.ZERO);
        loop.advance(Duration.ofSeconds(4)); // Master_Down_Interval with nobody else
        assertEquals(VrrpState.MASTER, driver.state());
        assertEquals(150, heard.get(heard.size() - 1).priority());
        FakeFactory.UP.put("web", false);
        heard.clear();
        long before = loop.nanoTime();
        runChecks(Duration.ofSeconds(1));
        assertEquals(90, driver.effectivePriority());
        assertEquals(List.of(new Advert(before, 90)), heard, "one advert at once, no interval waited");
    }

    @Test
    void weightZeroCheckFailingOnMaster_shouldSendPriorityZeroAndFault() throws Exception {
        start("    checks:\n      - {type: fake, name: smtp, key: smtp, weight: 0}\n");
        runChecks(Duration.ZERO);
        loop.advance(Duration.ofSeconds(4));
        assertEquals(VrrpState.MASTER, driver.state());
        heard.clear();
        FakeFactory.UP.put("smtp", false);
        runChecks(Duration.ofSeconds(1));
        assertEquals(VrrpState.FAULT, driver.state());
        assertEquals(0, heard.get(0).priority());
        assertTrue(driver.lastTransition().orElseThrow().reason().contains("check 'smtp' is down"));
    }
}
