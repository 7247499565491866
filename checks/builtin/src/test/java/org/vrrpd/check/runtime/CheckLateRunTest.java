package org.vrrpd.check.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.CheckResult;

/**
 * A late run of a check with independent runs gets a second run beside it ({@link CheckScheduler}, "A late run").
 * Runs take simulated time: each run is given its scripted step when it starts and "returns" (its code runs)
 * when the step's time is up, so two runs can be in flight at once.
 */
class CheckLateRunTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration FOREVER = Duration.ofDays(1);

    private final MutableClock clock = new MutableClock(T0);
    private final ManualTimer timer = new ManualTimer(clock);
    private final List<CheckStatus> counted = new ArrayList<>();
    private final List<Double> countedAt = new ArrayList<>();

    record Step(Duration takes, boolean ok) {
    }

    static Step ok() {
        return new Step(Duration.ofMillis(10), true);
    }

    static Step takes(long millis, boolean ok) {
        return new Step(Duration.ofMillis(millis), ok);
    }

    /** Steps in start order (then quick passes); records when each run started. */
    static class Scripted implements Check {
        final Deque<Step> steps = new ArrayDeque<>();
        final List<Double> starts = new ArrayList<>();
        Step current;

        Scripted then(Step... s) {
            steps.addAll(List.of(s));
            return this;
        }

        Step take() {
            return steps.isEmpty() ? ok() : steps.poll();
        }

        @Override
        public CheckResult run(CheckContext context) {
            Step s = current;
            return s.ok() ? CheckResult.up(s.takes(), "ok") : CheckResult.down(s.takes(), "bad");
        }
    }

    /** A check whose runs may overlap, as the built-in network checks' do. */
    static final class Independent extends Scripted implements IndependentRuns {
    }

    private Executor workersFor(Scripted check) {
        return r -> {
            Step step = check.take();
            check.starts.add(seconds(clock.instant()));
            timer.schedule(step.takes(), () -> {
                check.current = step;
                r.run();
            });
        };
    }

    private CheckScheduler scheduler(Scripted check, double interval, double timeout, double fast, int rise,
                                     int fall) {
        ScheduledCheck sc = new ScheduledCheck("c", check, millis(interval), millis(timeout), rise, fall, 0,
                millis(fast));
        return new CheckScheduler(List.of(sc), s -> {
            counted.add(s);
            countedAt.add(seconds(clock.instant()));
        }, clock, clock, timer, workersFor(check), 0);
    }

    private static Duration millis(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    static double seconds(Instant i) {
        return Duration.between(T0, i).toNanos() / 1e9;
    }

    private static void assertSeconds(List<Double> expected, List<Double> actual) {
        assertEquals(expected.size(), actual.size(), "expected " + expected + ", got " + actual);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), 1e-6, "#" + i + ": expected " + expected + ", got " + actual);
        }
    }

    @Test
    void hungServer_atKeepalivedsSettings_shouldBeDown_fastIntervalAfterTheFirstTimeout_notATimeoutLater() {
        // interval 2 s, timeout 3 s, fall 2, fast_interval 500 ms: the run at 2 s hangs (returning just after its
        // timeout, as an interrupted socket read does), a second starts at 2.5 s
        Independent c = new Independent();
        c.then(ok(), takes(3010, true), takes(3010, true), takes(3010, true));
        CheckScheduler s = scheduler(c, 2, 3, 0.5, 1, 2);
        s.start();
        timer.step(Duration.ofMillis(5600));
        assertSeconds(List.of(0.0, 2.0, 2.5, 5.01), c.starts);
        assertSeconds(List.of(0.01, 5.0, 5.5), countedAt);
        assertTrue(counted.get(1).up(), "one timeout of two");
        assertFalse(counted.get(2).up(), "down at the second run's timeout, 5.5 s (two runs one after the other: 8 s)");
        assertEquals("timed out after 3s", counted.get(2).lastResult().message());
        s.close();
    }

    @Test
    void secondRunsSuccess_shouldStand_overTheLateRunsFailureThatEndsAfterIt() {
        // the run at 1 s fails slowly at 1.8 s; its second run, started at 1.25 s, passed at 1.26 s: newer evidence
        Independent c = new Independent();
        c.then(ok(), takes(800, false), ok());
        CheckScheduler s = scheduler(c, 1, 1, 0.25, 1, 2);
        s.start();
        timer.step(Duration.ofMillis(1900));
        assertEquals(List.of(0.0, 1.0, 1.25), c.starts);
        assertSeconds(List.of(0.01, 1.26), countedAt);
        assertEquals(0, counted.get(1).failures(), "the slow failure of the older run was not counted");
        s.close();
    }

    @Test
    void lateRunsResult_shouldCount_whenItEndsFirst_andASecondRunOvertakenByALaterOneNot() {
        Independent c = new Independent();
        c.then(ok(), takes(400, false), takes(300, false), takes(10, false));
        CheckScheduler s = scheduler(c, 1, 1, 0.25, 1, 2);
        s.start();
        timer.step(Duration.ofMillis(1600));
        // the run at 1 s fails at 1.4 s (counted: its second, from 1.25 s, is still out); the fast retry it starts
        // at once fails at 1.41 s: down. The second run's failure at 1.55 s is older evidence than that retry's.
        assertSeconds(List.of(0.0, 1.0, 1.25, 1.4), c.starts);
        assertSeconds(List.of(0.01, 1.4, 1.41), countedAt);
        assertFalse(counted.get(2).up());
        s.close();
    }

    @Test
    void downCheck_shouldNotGetASecondRun() {
        Independent c = new Independent();
        c.then(takes(900, false), new Step(FOREVER, true));
        CheckScheduler s = scheduler(c, 1, 0.95, 0.25, 1, 1);
        s.start();
        timer.step(Duration.ofMillis(1500));
        assertEquals(List.of(0.0, 1.0), c.starts, "down since 0.9 s: nothing to suspect, no second run");
        s.close();
    }

    @Test
    void checkWithoutIndependentRuns_shouldKeepOneRunInFlight() {
        Scripted c = new Scripted().then(ok(), new Step(FOREVER, true));
        CheckScheduler s = scheduler(c, 1, 0.8, 0.25, 1, 2);
        s.start();
        timer.step(Duration.ofMillis(1700));
        assertEquals(List.of(0.0, 1.0), c.starts);
        s.close();
    }

    @Test
    void fastIntervalNotShorterThanTheTimeout_shouldStartNoSecondRun() {
        Independent c = new Independent();
        c.then(ok(), new Step(FOREVER, true));
        CheckScheduler s = scheduler(c, 1, 0.5, 0.5, 1, 2);
        s.start();
        timer.step(Duration.ofMillis(1490));
        assertEquals(List.of(0.0, 1.0), c.starts);
        s.close();
    }

    @Test
    void secondRunStuckForGood_shouldBlockAThird_soTheCheckNeverHoldsMoreThanTwoRuns() {
        Independent c = new Independent();
        c.then(ok(), new Step(FOREVER, true), new Step(FOREVER, true), new Step(FOREVER, true),
                new Step(FOREVER, true), new Step(FOREVER, true));
        CheckScheduler s = scheduler(c, 1, 0.5, 0.25, 1, 9);
        s.start();
        timer.step(Duration.ofSeconds(6));
        // the run at 1 s and its second (1.25 s) never return: no run can start after them
        assertEquals(List.of(0.0, 1.0, 1.25), c.starts);
        s.close();
    }
}
