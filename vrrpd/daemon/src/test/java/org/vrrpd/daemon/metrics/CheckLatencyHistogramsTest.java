package org.vrrpd.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.runtime.CheckListener;
import org.vrrpd.check.runtime.CheckStatus;

class CheckLatencyHistogramsTest {

    @Test
    void observing_shouldCountEachFinishedRunOnce_andPassEverythingOn() {
        CheckLatencyHistograms h = new CheckLatencyHistograms();
        List<CheckStatus> passed = new ArrayList<>();
        CheckListener l = h.observing("mail", passed::add);
        Instant t1 = Instant.parse("2026-01-01T00:00:00Z");
        CheckStatus run1 = new CheckStatus("smtp", true, -60, 1, 0, CheckResult.up(Duration.ofMillis(20), "ok"), t1,
                false);
        l.checkRan(new CheckStatus("smtp", false, -60, 0, 0, null, null, true)); // nothing finished yet
        l.checkRan(run1);
        l.checkRan(run1); // "skipped, still in flight": same lastRun, not counted again
        l.checkRan(new CheckStatus("smtp", true, -60, 2, 0, CheckResult.up(Duration.ofMillis(700), "ok"),
                t1.plusSeconds(1), false));
        assertEquals(4, passed.size());
        CheckLatencyHistograms.Snapshot s = h.snapshot().get("mail").get("smtp");
        assertEquals(2, s.count());
        assertEquals(0.72, s.sum(), 1e-9);
        assertArrayEquals(new long[] {0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2}, s.buckets());
    }
}
