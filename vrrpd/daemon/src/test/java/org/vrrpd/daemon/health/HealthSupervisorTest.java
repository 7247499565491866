package org.vrrpd.daemon.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.runtime.CheckScheduler;
import org.vrrpd.config.CheckTypes;
import org.vrrpd.config.ConfigLoader;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.daemon.track.InstanceTracking;
import org.vrrpd.net.netlink.NetlinkEvent;
import org.vrrpd.status.CheckReport;

class HealthSupervisorTest {

    final ManualCheckTime time = new ManualCheckTime();
    final ManualCheckTime.Queue loop = new ManualCheckTime.Queue();
    final FakeChecks.Recorder router = new FakeChecks.Recorder();
    final Map<String, Boolean> links = new java.util.HashMap<>(Map.of("eth1", true));
    final InstanceTracking tracking = router.tracking(150, loop);
    final HealthSupervisor supervisor = new HealthSupervisor(CheckPlugins.builtinOnly(),
            name -> links.getOrDefault(name, false),
            (instance, checks, listener) -> new CheckScheduler(checks, listener, time, time, time.workers, 0));

    @AfterEach
    void reset() {
        FakeFactory.UP.clear();
        supervisor.close();
    }

    static InstanceConfig instance(String checksYaml) throws Exception {
        String yaml = "instances:\n  - name: vi\n    interface: eth0\n    vrid: 7\n    priority: 150\n"
                + "    vips: [192.0.2.10/24]\n" + checksYaml;
        return ConfigLoader.parse(yaml, "test.yaml", CheckTypes.of(new FakeFactory())).instances().get(0);
    }

    @Test
    void checkRefusingItsSettings_shouldBeAStartupErrorNamingTheInstanceAndTheCheck() throws Exception {
        InstanceConfig ic = instance("    checks:\n      - {type: fake, name: web, refuse: 'port must be 1-65535'}\n");
        IOException e = assertThrows(IOException.class, () -> supervisor.attach(ic, tracking));
        assertEquals("instance 'vi': check 'web' (fake): port must be 1-65535", e.getMessage());
        assertNull(supervisor.health("vi"));
        assertThrows(IOException.class, () -> supervisor.validate(java.util.List.of(ic)));
    }

    @Test
    void attach_shouldApplyTheInitialBreakdownAtOnce_andStart_shouldRunTheChecks() throws Exception {
        supervisor.attach(instance("    checks:\n      - {type: fake, name: web, weight: -60}\n"), tracking);
        assertEquals(90, router.priority, "every check counts as down until it has risen");
        supervisor.start("vi");
        time.advance(Duration.ZERO);
        loop.runAll();
        assertEquals(150, router.priority);
        List<CheckReport> view = supervisor.checks(null);
        assertEquals(1, view.size());
        assertEquals("fake", view.get(0).type());
        assertEquals(0, supervisor.checks("other").size());
    }

    @Test
    void replace_shouldKeepTheStateOfUnchangedChecks_andClearTheFaultOfARemovedOne() throws Exception {
        supervisor.attach(instance("    checks:\n      - {type: fake, name: web, key: web, weight: -60}\n"
                + "      - {type: fake, name: smtp, key: smtp, weight: 0}\n"), tracking);
        supervisor.start("vi");
        FakeFactory.UP.put("smtp", false);
        time.advance(Duration.ZERO);
        loop.runAll();
        assertEquals(150, router.priority);
        assertTrue(router.faults.containsKey("smtp"));
        router.calls.clear();

        supervisor.replace(instance("    checks:\n      - {type: fake, name: web, key: web, weight: -60}\n"), tracking);
        assertFalse(router.calls.contains("priority 90"), "web kept its up state: " + router.calls);
        assertEquals(150, router.priority);
        assertTrue(router.faults.isEmpty(), "the removed check's fault is cleared: " + router.faults);
        time.advance(Duration.ofSeconds(1));
        loop.runAll();
        assertEquals(150, router.priority);
    }

    @Test
    void linkEvents_shouldReachTheInstancesTrackingThatInterface() throws Exception {
        supervisor.attach(instance("    track_interfaces:\n      - {name: eth1, weight: -30}\n"), tracking);
        assertEquals(150, router.priority);
        supervisor.linkEvent(new NetlinkEvent.LinkChanged(5, "eth1", true, false));
        assertEquals(120, router.priority, "up but not running counts as down");
        supervisor.linkEvent(new NetlinkEvent.LinkChanged(5, "eth1", true, true));
        assertEquals(150, router.priority);
        supervisor.linkEvent(new NetlinkEvent.LinkRemoved(5, "eth1"));
        assertEquals(120, router.priority);
        links.put("eth1", true);
        supervisor.linkEvent(new NetlinkEvent.ResyncNeeded("overrun"));
        assertEquals(150, router.priority);
    }

    @Test
    void detach_shouldStopTheChecks() throws Exception {
        supervisor.attach(instance("    checks:\n      - {type: fake, name: web, weight: -60}\n"), tracking);
        supervisor.start("vi");
        supervisor.detach("vi");
        router.calls.clear();
        time.advance(Duration.ofSeconds(3));
        loop.runAll();
        assertTrue(router.calls.isEmpty(), router.calls.toString());
        assertEquals(0, supervisor.checks(null).size());
    }

    @Test
    void replace_shouldHoldANewCheckNeutral_untilItHasDecided() throws Exception {
        supervisor.attach(instance("    checks:\n      - {type: fake, name: web, key: web, weight: -60}\n"), tracking);
        supervisor.start("vi");
        time.advance(Duration.ZERO);
        loop.runAll();
        assertEquals(150, router.priority);
        FakeFactory.UP.put("smtp", false);
        supervisor.replace(instance("    checks:\n      - {type: fake, name: web, key: web, weight: -60}\n"
                + "      - {type: fake, name: smtp, key: smtp, weight: -50}\n"
                + "      - {type: fake, name: imap, key: smtp, weight: 0}\n"), tracking);
        assertEquals(150, router.priority, "no drop before the new checks have run");
        assertTrue(router.faults.isEmpty(), router.faults.toString());
        time.advance(Duration.ZERO);
        loop.runAll();
        assertEquals(100, router.priority, "the new check decided: down");
        assertTrue(router.faults.containsKey("imap"));
    }
}
