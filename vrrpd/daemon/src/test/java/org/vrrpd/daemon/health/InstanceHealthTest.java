package org.vrrpd.daemon.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.runtime.CheckScheduler;
import org.vrrpd.config.TrackedInterface;
import org.vrrpd.control.ControlProtocol;
import org.vrrpd.status.CheckReport;

class InstanceHealthTest {

    final ManualCheckTime time = new ManualCheckTime();
    final ManualCheckTime.Queue loop = new ManualCheckTime.Queue();
    final FakeChecks.Recorder router = new FakeChecks.Recorder();
    final InstanceHealth.SchedulerFactory factory = (instance, checks, listener) ->
            new CheckScheduler(checks, listener, time, time, time.workers, 0);

    InstanceHealth health(int base, InstanceHealth.Checks checks, List<TrackedInterface> tracked,
                          Map<String, Boolean> links, Map<String, Boolean> inherited) {
        return new InstanceHealth("vi", checks, tracked, links, inherited, factory, router.tracking(base, loop));
    }

    @Test
    void initialBreakdown_shouldCountEveryCheckDown_andRaiseTheFaultOfAWeightZeroCheck() {
        var web = FakeChecks.scheduled("web", new FakeChecks.Switch(), -60);
        var smtp = FakeChecks.scheduled("smtp", new FakeChecks.Switch(), 0);
        InstanceHealth h = health(150, FakeChecks.checks(web, smtp), List.of(), Map.of(), Map.of());
        h.applyNow();
        assertEquals(90, router.priority);
        assertTrue(router.faults.get("smtp").startsWith("check 'smtp' is down"), router.faults.toString());
    }

    @Test
    void checkResults_shouldReachTheRouterOnlyThroughTheProtocolThread() {
        var sw = new FakeChecks.Switch();
        InstanceHealth h = health(150, FakeChecks.checks(FakeChecks.scheduled("web", sw, -60)), List.of(), Map.of(),
                Map.of());
        h.applyNow();
        router.calls.clear();
        h.start();
        time.advance(Duration.ZERO); // the first run
        assertTrue(router.calls.isEmpty(), "the check thread must not call the router: " + router.calls);
        assertEquals(1, loop.size());
        loop.runAll();
        assertEquals(List.of("priority 150"), router.calls);

        sw.up.set(false);
        time.advance(Duration.ofSeconds(1));
        loop.runAll();
        assertEquals(90, router.priority);
        assertEquals(-60, h.breakdown().contributions().get(0).points());
    }

    @Test
    void unchangedOutcome_shouldPostNothing() {
        var sw = new FakeChecks.Switch();
        InstanceHealth h = health(150, FakeChecks.checks(FakeChecks.scheduled("web", sw, -60)), List.of(), Map.of(),
                Map.of());
        h.applyNow();
        h.start();
        time.advance(Duration.ZERO);
        loop.runAll();
        time.advance(Duration.ofSeconds(5)); // five more successes
        assertEquals(0, loop.size());
    }

    @Test
    void weightZeroCheckRecovering_shouldClearItsFaultSource() {
        var sw = new FakeChecks.Switch();
        InstanceHealth h = health(100, FakeChecks.checks(FakeChecks.scheduled("smtp", sw, 0)), List.of(), Map.of(),
                Map.of());
        h.applyNow();
        assertTrue(router.faults.containsKey("smtp"));
        h.start();
        time.advance(Duration.ZERO);
        loop.runAll();
        assertTrue(router.faults.isEmpty(), router.faults.toString());
        assertTrue(router.calls.contains("clear"));
        sw.up.set(false);
        time.advance(Duration.ofSeconds(1));
        loop.runAll();
        assertTrue(router.faults.get("smtp").contains("connection refused"), router.faults.toString());
    }

    @Test
    void closedHealth_shouldReportNoMoreResults() {
        var sw = new FakeChecks.Switch();
        InstanceHealth h = health(150, FakeChecks.checks(FakeChecks.scheduled("web", sw, -60)), List.of(), Map.of(),
                Map.of());
        h.applyNow();
        h.start();
        time.advance(Duration.ZERO);
        loop.runAll();
        router.calls.clear();
        h.close();
        sw.up.set(false);
        time.advance(Duration.ofSeconds(3));
        assertEquals(0, loop.size());
        h.linkChanged("eth1", false);
        assertTrue(router.calls.isEmpty(), router.calls.toString());
        assertEquals(150, h.breakdown().effective());
    }

    @Test
    void replacement_shouldDropACheckRemovedByTheReload_andClearItsFault() {
        var sw = new FakeChecks.Switch();
        sw.up.set(false);
        var tracking = router.tracking(150, loop);
        InstanceHealth old = new InstanceHealth("vi", FakeChecks.checks(FakeChecks.scheduled("smtp", sw, 0)),
                List.of(), Map.of(), Map.of(), factory, tracking);
        old.applyNow();
        old.start();
        time.advance(Duration.ZERO); // down: already faulted, nothing new to post
        InstanceHealth fresh = new InstanceHealth("vi", FakeChecks.checks(), List.of(), Map.of(), Map.of(), factory,
                tracking);
        old.close();
        fresh.applyNow(); // the reload dropped the smtp check
        loop.runAll();
        assertEquals(150, router.priority);
        assertNull(router.fault, router.calls.toString());
    }

    @Test
    void inheritedUpState_shouldHoldUntilTheNewCheckHasFailedFallTimes() {
        var sw = new FakeChecks.Switch();
        sw.up.set(false);
        var check = new org.vrrpd.check.runtime.ScheduledCheck("web", sw, Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1, 2, -60);
        InstanceHealth h = health(150, FakeChecks.checks(check), List.of(), Map.of(), Map.of("web", true));
        h.applyNow();
        assertEquals(150, router.priority, "a reload must not drop a healthy Master's priority");
        h.start();
        time.advance(Duration.ZERO); // first failure of two
        loop.runAll();
        assertEquals(150, router.priority);
        time.advance(Duration.ofSeconds(1)); // second: the old check would have turned down too
        loop.runAll();
        assertEquals(90, router.priority);
    }

    @Test
    void inheritedUpState_shouldGiveWayToTheNewCheck_onceItIsUp() {
        var sw = new FakeChecks.Switch();
        InstanceHealth h = health(150, FakeChecks.checks(FakeChecks.scheduled("web", sw, -60)), List.of(), Map.of(),
                Map.of("web", false));
        h.applyNow();
        assertEquals(90, router.priority);
        h.start();
        time.advance(Duration.ZERO);
        loop.runAll();
        assertEquals(150, router.priority);
    }

    @Test
    void trackedInterface_shouldMoveThePriority_orFaultWithWeightZero() {
        InstanceHealth h = health(150, FakeChecks.checks(), List.of(new TrackedInterface("eth1", -50),
                new TrackedInterface("eth2", 0)), Map.of("eth1", true, "eth2", true), Map.of());
        h.applyNow();
        assertEquals(150, router.priority);
        assertTrue(router.faults.isEmpty());
        h.linkChanged("eth1", false);
        assertEquals(100, router.priority);
        h.linkChanged("eth2", false);
        assertEquals("tracked interface eth2 is down", router.faults.get("track:eth2"));
        h.linkChanged("eth2", true);
        assertTrue(router.faults.isEmpty());
        h.linkChanged("eth9", false); // not tracked
        assertEquals(100, router.priority);
    }

    @Test
    void ownerPriority_shouldNeverMove_butAWeightZeroCheckStillFaults() {
        var sw = new FakeChecks.Switch();
        sw.up.set(false);
        InstanceHealth h = health(255, FakeChecks.checks(FakeChecks.scheduled("web", sw, -60),
                FakeChecks.scheduled("smtp", sw, 0)), List.of(), Map.of(), Map.of());
        h.applyNow();
        assertEquals(255, router.priority);
        assertTrue(router.faults.containsKey("smtp"));
    }

    /** Check "web" (weight -60) has failed once; tracked interface eth1 (weight 0) is down. */
    InstanceHealth oneFailedCheckAndOneDownLink() {
        var sw = new FakeChecks.Switch();
        InstanceHealth h = health(150, FakeChecks.checks(FakeChecks.scheduled("web", sw, -60)),
                List.of(new TrackedInterface("eth1", 0)), Map.of("eth1", false), Map.of());
        h.applyNow();
        h.start();
        sw.up.set(false);
        time.advance(Duration.ZERO);
        loop.runAll();
        return h;
    }

    /** The document {@code vrrpctl checks --json} prints, pinned byte for byte (operators script against it). */
    @Test
    void checksJson_shouldKeepItsFieldNamesOrderAndValueFormats() {
        InstanceHealth h = oneFailedCheckAndOneDownLink();
        String out = ControlProtocol.ok(h.reports());
        assertEquals("{\"ok\":true,\"data\":[{\"instance\":\"vi\",\"name\":\"web\",\"type\":\"fake\",\"up\":false,"
                + "\"latencyMs\":2.0,\"consecutiveOk\":0,\"consecutiveFail\":1,\"weight\":-60,\"delta\":-60,"
                + "\"message\":\"connection refused\",\"detail\":{},\"inFlight\":false,"
                + "\"lastRun\":\"2026-01-01T00:00:00Z\"},"
                + "{\"instance\":\"vi\",\"name\":\"track:eth1\",\"type\":\"interface\",\"up\":false,"
                + "\"latencyMs\":null,\"consecutiveOk\":0,\"consecutiveFail\":0,\"weight\":0,\"delta\":0,"
                + "\"message\":\"link down\",\"detail\":{},\"inFlight\":false,\"lastRun\":null}]}", out);
    }

    @Test
    void reports_shouldCarryTheFieldsVrrpctlChecksRenders() {
        InstanceHealth h = oneFailedCheckAndOneDownLink();
        List<CheckReport> out = h.reports();
        assertEquals(2, out.size());
        CheckReport c = out.get(0);
        assertEquals("vi", c.instance());
        assertEquals("web", c.name());
        assertEquals("fake", c.type());
        assertFalse(c.up());
        assertEquals(2.0, c.latencyMs(), 1e-9);
        assertEquals(0, c.consecutiveOk());
        assertEquals(1, c.consecutiveFail());
        assertEquals(-60, c.weight());
        assertEquals(-60, c.delta());
        assertEquals("connection refused", c.message());
        CheckReport l = out.get(1);
        assertEquals("track:eth1", l.name());
        assertEquals("interface", l.type());
        assertFalse(l.up());
        assertEquals(null, l.latencyMs());
    }
}
