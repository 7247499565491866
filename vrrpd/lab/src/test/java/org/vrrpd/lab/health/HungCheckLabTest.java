package org.vrrpd.lab.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vrrpd.lab.fixture.Routers.awaitState;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * A check that hangs ({@code sleep 1000}, interval and timeout 1 s) fails at its timeout, every interval, while the Master's adverts keep their 1 s spacing and the daemon's threads and child processes stay bounded.
 * Runs {@code lab.health.hungIntervals} intervals (default 100); timing tolerance {@code lab.health.toleranceMs}
 * (default 25 ms).
 */
@Tag("lab")
class HungCheckLabTest {

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    static int threads(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring(8).trim());
            }
        }
        throw new IOException("no Threads: line for " + pid);
    }

    static long children(long pid) {
        return ProcessHandle.of(pid).map(h -> h.children().count()).orElse(-1L);
    }

    @Test
    void hungScriptCheck_shouldFailEveryInterval_whileAdvertsKeepTheirTiming_andThreadsStayBounded()
            throws Exception {
        int intervals = Integer.getInteger("lab.health.hungIntervals", 100);
        double toleranceMs = Double.parseDouble(System.getProperty("lab.health.toleranceMs", "25"));
        String checks = "    checks:\n"
                + "      - {type: script, name: hung, command: [sleep, \"1000\"], allow_root: true, interval: 1s,"
                + " timeout: 1s, weight: -10}\n";
        try (Routers p = HealthStatus.routers(); VrrpdNode r1 = p.vrrpd(1, 150, checks)) {
            long pid = r1.process().pid();
            awaitState(r1, "MASTER", Duration.ofSeconds(20));
            Poll.until("hung check timed out", Duration.ofSeconds(5), () -> {
                JsonNode c = HealthStatus.check(r1, "hung");
                return c != null && c.path("message").asText().contains("timed out after 1s");
            });
            Poll.until("effective 140", Duration.ofSeconds(5), () -> HealthStatus.effective(r1) == 140);
            int failsBefore = HealthStatus.check(r1, "hung").path("consecutiveFail").asInt();
            int threadsBefore = threads(pid);
            long startUs = System.currentTimeMillis() * 1000;
            int maxThreads = threadsBefore;
            long maxChildren = 0;
            long end = System.nanoTime() + intervals * 1_000_000_000L;
            java.util.TreeSet<java.time.Instant> failedAt = new java.util.TreeSet<>();
            while (System.nanoTime() < end) {
                maxThreads = Math.max(maxThreads, threads(pid));
                maxChildren = Math.max(maxChildren, children(pid));
                JsonNode now = HealthStatus.check(r1, "hung");
                if (now != null && now.path("lastRun").isTextual()) {
                    failedAt.add(java.time.Instant.parse(now.path("lastRun").asText()));
                }
                Thread.sleep(250); // sampling period for the thread count, not a wait for a condition
            }
            int threadsAfter = threads(pid);
            long endUs = System.currentTimeMillis() * 1000;
            JsonNode c = HealthStatus.check(r1, "hung");
            assertNotNull(c);
            int failsAfter = c.path("consecutiveFail").asInt();

            List<Pcap.Frame> adverts = p.advertsFrom(1).stream()
                    .filter(f -> f.micros() >= startUs && f.micros() <= endUs).toList();
            List<Double> gaps = new ArrayList<>();
            for (int i = 1; i < adverts.size(); i++) {
                gaps.add((adverts.get(i).micros() - adverts.get(i - 1).micros()) / 1000.0);
            }
            List<Double> sorted = new ArrayList<>(gaps);
            Collections.sort(sorted);
            double maxDev = gaps.stream().mapToDouble(g -> Math.abs(g - 1000)).max().orElse(Double.NaN);
            List<Double> failGaps = new ArrayList<>();
            java.time.Instant prev = null;
            for (java.time.Instant t : failedAt) {
                if (prev != null) {
                    failGaps.add(Duration.between(prev, t).toNanos() / 1e6);
                }
                prev = t;
            }
            // on the check's 1 s grid: each run times out exactly when the next is due, and that one starts at once
            double failGapDev = failGaps.stream().mapToDouble(g -> Math.abs(g - 1000 * Math.round(g / 1000)))
                    .max().orElse(Double.NaN);
            System.out.printf("[health/hung] failures counted every %.1f..%.1f ms"
                    + " (max distance from the 1 s grid %.1f ms)%n",
                    failGaps.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    failGaps.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), failGapDev);
            System.out.printf("[health/hung] advert gap p95 %.1f ms, p99 %.1f ms%n",
                    sorted.get((int) Math.floor(0.95 * (sorted.size() - 1))),
                    sorted.get((int) Math.floor(0.99 * (sorted.size() - 1))));
            System.out.printf("[health/hung] %d intervals: failures %d -> %d (+%d); threads %d -> %d (max %d);"
                    + " max child processes %d; %d advert gaps min %.1f median %.1f max %.1f ms"
                    + " (max |gap-1000| %.1f)%n",
                    intervals, failsBefore, failsAfter, failsAfter - failsBefore, threadsBefore, threadsAfter,
                    maxThreads, maxChildren, gaps.size(), sorted.get(0), sorted.get(sorted.size() / 2),
                    sorted.get(sorted.size() - 1), maxDev);
            assertEquals("MASTER", r1.state(Routers.NAME));
            assertFalse(c.path("up").asBoolean());
            // timeout == interval: the run times out at its own deadline, which is the next grid point; the failure
            // is counted then, once, and the next run starts at once on the grid (as soon as the killed script's
            // run returns) instead of waiting out another interval (docs/CHECKS.md, "Schedule"). Before, the tick
            // that fell due with the timeout found the run in flight and started nothing, so a hung check counted
            // one failure per two intervals.
            assertTrue(Math.abs((failsAfter - failsBefore) - intervals) <= 2,
                    "one failure per interval: " + (failsAfter - failsBefore) + " in " + intervals);
            assertTrue(failGapDev <= toleranceMs, "failures not counted on time: " + failGaps);
            assertTrue(failGaps.stream().allMatch(g -> g <= 1000 + toleranceMs),
                    "a hung run delayed the next failure: " + failGaps);
            assertTrue(maxThreads <= threadsBefore + 3, "threads grew from " + threadsBefore + " to " + maxThreads);
            assertTrue(maxChildren <= 1, "at most one script in flight, saw " + maxChildren);
            assertTrue(gaps.size() >= intervals - 3, "adverts missing: " + gaps.size());
            assertTrue(maxDev <= toleranceMs, "advert gap off by " + maxDev + " ms");
            assertTrue(r1.process().isAlive());
        }
    }
}
