package org.vrrpd.lab.health;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vrrpd.lab.fixture.Routers.awaitState;
import static org.vrrpd.lab.health.HealthStatus.micros;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.LabProcess;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * Issue 20's must-show: with a tcp check and a script check running on the Master (interval 1 s, fall 2,
 * fast_interval 250 ms), the host's wall clock is stepped an hour back, and later an hour forward (each restored in a
 * finally, to the monotonic clock plus the offset it had). Every check keeps its 1 s cadence — runs seen through
 * {@code vrrpctl checks --json}, timed on the test's monotonic clock — and a failure injected right after the step
 * (the web server killed just after one of the tcp check's runs, so every measurement starts at the same point of
 * the check's grid) moves the VIP to the Backup as fast as the same failure without a step: within 20 % + 100 ms.
 */
@Tag("lab")
class WallClockStepLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);
    static final Duration HOUR = Duration.ofHours(1);

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    static final String CHECKS = "    checks:\n"
            + "      - {type: tcp, name: web, host: " + HealthLabTest.WEB + ", port: 8080, interval: 1s, timeout: 1s,"
            + " rise: 1, fall: 2, fast_interval: 250ms, weight: 0}\n"
            + "      - {type: script, name: tick, command: [/bin/true], allow_root: true, interval: 1s, timeout: 1s,"
            + " rise: 1, fall: 2, fast_interval: 250ms, weight: -10}\n";

    @Test
    void wallClockSteppedAnHourBackAndForward_shouldKeepEveryChecksCadence_andFailoverAsFast() throws Exception {
        try (Routers p = HealthStatus.routers()) {
            LabProcess[] web = {HealthLabTest.web(p, "web-0")};
            // r2 is Master once first, so no measured takeover is its first (that one costs more; not a check's doing)
            try (VrrpdNode r2 = p.vrrpd(2, 100, null)) {
                awaitState(r2, "MASTER", SETTLE);
                try (VrrpdNode r1 = p.vrrpd(1, 150, CHECKS); RunSampler runs = new RunSampler(r1, List.of("web", "tick"))) {
                    double plain = failover(p, r1, r2, runs, web[0], "unstepped");
                    web[0] = HealthLabTest.web(p, "web-1");
                    long backAt;
                    double back;
                    try (SteppedClock c = SteppedClock.step(HOUR.negated())) {
                        backAt = System.nanoTime();
                        back = failover(p, r1, r2, runs, web[0], "an hour back");
                        cadenceWindow(runs, backAt);
                    }
                    web[0] = HealthLabTest.web(p, "web-2");
                    long forwardAt;
                    double forward;
                    try (SteppedClock c = SteppedClock.step(HOUR)) {
                        forwardAt = System.nanoTime();
                        forward = failover(p, r1, r2, runs, web[0], "an hour forward");
                        cadenceWindow(runs, forwardAt);
                    }
                    double bound = plain * 1.2 + 100;
                    System.out.printf("[health/wall clock] kill -> Backup's first advert: unstepped %.1f ms,"
                            + " an hour back %.1f ms, an hour forward %.1f ms (bound %.1f ms)%n",
                            plain, back, forward, bound);
                    for (String check : List.of("web", "tick")) {
                        report(check, runs.runs(check), backAt, forwardAt);
                    }
                    assertTrue(back <= bound, "stepped back: " + back + " ms against " + plain + " ms unstepped");
                    assertTrue(forward <= bound, "stepped forward: " + forward + " ms against " + plain + " ms");
                    assertCadence("tick", runs.runs("tick"), 1000);
                    assertCadence("web", runs.runs("web"), 1000);
                }
            }
        }
    }

    /** Waits (with a deadline) until the checks have run across the step: three more runs of each. */
    private static void cadenceWindow(RunSampler runs, long stepAt) {
        for (String check : List.of("web", "tick")) {
            Poll.until(check + " runs after the step", Duration.ofSeconds(10), () -> runs.runs(check).stream()
                    .filter(t -> t > stepAt).count() >= 3);
        }
    }

    /**
     * From r1 Master with the web check up: the web server killed right after one of the check's runs; returns the
     * milliseconds from the kill to the Backup's first advert (both on the capture's clock, which is stepped or not
     * alike for both), and waits until r1 is Master again with a new web server.
     */
    private static double failover(Routers p, VrrpdNode r1, VrrpdNode r2, RunSampler runs, LabProcess web,
                                   String label) throws Exception {
        awaitState(r1, "MASTER", SETTLE);
        awaitState(r2, "BACKUP", SETTLE);
        p.awaitVipOnlyOn(1, SETTLE);
        Poll.until("web check up", SETTLE, () -> {
            JsonNode c = HealthStatus.check(r1, "web");
            return c != null && c.path("up").asBoolean();
        });
        int before = runs.count("web");
        Poll.until("a run of the web check", Duration.ofSeconds(5), Duration.ofMillis(1),
                () -> runs.count("web") > before);
        ProcessHandle h = ProcessHandle.of(web.pid()).orElseThrow();
        Instant kill = Instant.now();
        h.destroyForcibly();
        long killUs = micros(kill);
        awaitState(r2, "MASTER", SETTLE);
        Pcap.Frame first = Poll.untilValue(() -> p.advertsFrom(2).stream()
                .filter(f -> f.micros() >= killUs && f.micros() < killUs + 30_000_000L).findFirst().orElse(null),
                "r2's first advert after the kill (" + label + ")");
        double ms = (first.micros() - killUs) / 1000.0;
        System.out.printf("[health/wall clock] %s: kill -> r2's first advert %.1f ms%n", label, ms);
        return ms;
    }

    private static List<Double> gapsMs(List<Long> runs) {
        List<Double> gaps = new ArrayList<>();
        for (int i = 1; i < runs.size(); i++) {
            gaps.add((runs.get(i) - runs.get(i - 1)) / 1e6);
        }
        return gaps;
    }

    private static void report(String check, List<Long> runs, long backAt, long forwardAt) {
        List<Double> gaps = gapsMs(runs);
        System.out.printf("[health/wall clock] check %s: %d runs, gaps %.0f..%.0f ms; first run %.0f ms after the"
                + " step back, %.0f ms after the step forward%n", check, runs.size(),
                gaps.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                gaps.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                firstAfter(runs, backAt), firstAfter(runs, forwardAt));
    }

    private static double firstAfter(List<Long> runs, long t) {
        return runs.stream().filter(r -> r > t).findFirst().map(r -> (r - t) / 1e6).orElse(Double.NaN);
    }

    /**
     * No gap between two runs longer than the interval plus 150 ms (sampling every 10 ms, a loaded machine): a
     * check stalled by a step would show an hour-long gap, or none at all after it.
     */
    private static void assertCadence(String check, List<Long> runs, long intervalMs) {
        List<Double> gaps = gapsMs(runs);
        assertTrue(gaps.size() >= 10, check + ": too few runs seen: " + gaps.size());
        double max = gaps.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        assertTrue(max <= intervalMs + 150, check + ": a gap of " + max + " ms between runs: " + gaps);
    }
}
