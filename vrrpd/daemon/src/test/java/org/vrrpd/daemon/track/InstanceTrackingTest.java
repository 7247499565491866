package org.vrrpd.daemon.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tracking between threads: check reports reach the driver only through the protocol thread, coalesced. */
class InstanceTrackingTest {

    final Deque<Runnable> protocolThread = new ArrayDeque<>();
    final List<PriorityBreakdown> applied = new ArrayList<>();
    final InstanceTracking tracking = new InstanceTracking(150, protocolThread::add, applied::add);

    void runProtocolThread() {
        while (!protocolThread.isEmpty()) {
            protocolThread.poll().run();
        }
    }

    @Test
    void report_shouldNeverCallTheDriver_butPostOneTaskWhenTheOutcomeChanged() {
        tracking.report(Tracked.check("web", -60, false, "connection refused"));
        assertTrue(applied.isEmpty(), "a check thread must not call the driver");
        assertEquals(1, protocolThread.size());
        tracking.report(Tracked.check("web", -60, false, "timed out after 1s")); // same outcome, new message
        assertEquals(1, protocolThread.size(), "nothing more to post");
        runProtocolThread();
        assertEquals(1, applied.size());
        assertEquals(90, applied.get(0).effective());
        assertEquals("timed out after 1s", applied.get(0).contributions().get(0).message(), "the newest breakdown");
    }

    @Test
    void reportNow_shouldApplyAtOnce_evenWhenNothingChanged() {
        tracking.reportNow(Tracked.link("eth0", true));
        tracking.reportNow(Tracked.link("eth0", true));
        assertEquals(2, applied.size());
        tracking.reportNow(Tracked.maintenance(true));
        assertEquals("maintenance mode", applied.get(2).faultReason());
        assertTrue(protocolThread.isEmpty());
    }

    @Test
    void replace_shouldDropTheKindsOldSources_andRecordOnlyUntilApplied() {
        tracking.reportNow(Tracked.check("smtp", 0, false, ""));
        tracking.replace(Map.of(Tracked.Kind.CHECK, List.of(Tracked.check("web", -60, true, "ok"))));
        assertEquals(1, applied.size(), "recorded, not applied");
        PriorityBreakdown b = tracking.applyNow();
        assertEquals(150, b.effective());
        assertEquals(List.of(), b.faultReasons());
        assertEquals(b, applied.get(1));
        assertEquals(b, tracking.breakdown());
    }
}
