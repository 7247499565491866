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
 * The schedule's rules, on a monotonic clock and a wall clock the test moves separately. A run takes simulated
 * time: the worker starts it after the run's scripted duration on the manual timer, so a run that takes longer
 * than its timeout is in flight, past its deadline, until it "returns".
 */
class CheckScheduleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration FOREVER = Duration.ofDays(1);

    private final MutableClock monotonic = new MutableClock(T0);
    private final MutableClock wall = new MutableClock(T0);
    private final ManualTimer timer = new ManualTimer(monotonic);
    private final List<CheckStatus> counted = new ArrayList<>();
    /** Monotonic seconds (from T0) at which each counted result was reported. */
    private final List<Double> countedAt = new ArrayList<>();

    /** One scripted run: how long it takes and whether it passes. */
    record Step(Duration takes, boolean ok) {
    }

    static Step ok() {
        return new Step(Duration.ofMillis(10), true);
    }

    static Step fail() {
        return new Step(Duration.ofMillis(10), false);
    }

    static Step hang(Duration d) {
        return new Step(d, true);
    }

    /** Runs its steps in order (then passes quickly), recording when each run started on the context's clock. */
    static final class Scripted implements Check {
        final Deque<Step> steps = new ArrayDeque<>();
        final List<Double> starts = new ArrayList<>();
        final List<Duration> timeLeftAtStart = new ArrayList<>();

        Scripted then(Step... s) {
            steps.addAll(List.of(s));
            return this;
        }

        Step next() {
            return steps.isEmpty() ? ok() : steps.peek();
        }

        @Override
        public CheckResult run(CheckContext context) {
            Step s = steps.isEmpty() ? ok() : steps.poll();
            // the run "returns" now: it started s.takes ago
            Instant started = context.clock().instant().minus(s.takes());
            starts.add(seconds(started));
            timeLeftAtStart.add(Duration.between(started, context.deadline()));
            return s.ok() ? CheckResult.up(s.takes(), "ok") : CheckResult.down(s.takes(), "bad");
        }
    }

    /** Starts a run after its scripted duration, so the check's code runs when the run ends. */
    private Executor workersFor(Scripted check) {
        return r -> {
            Duration takes = check.next().takes();
            timer.schedule(takes, r);
        };
    }

    private CheckScheduler scheduler(Scripted check, Duration interval, Duration timeout, Duration fast, int rise,
                                     int fall) {
        ScheduledCheck sc = new ScheduledCheck("c", check, interval, timeout, rise, fall, 0, fast);
        return new CheckScheduler(List.of(sc), s -> {
            counted.add(s);
            countedAt.add(seconds(monotonic.instant()));
        }, wall, monotonic, timer, workersFor(check), 0);
    }

    static double seconds(Instant i) {
        return Duration.between(T0, i).toNanos() / 1e9;
    }

    private CheckStatus last() {
        return counted.get(counted.size() - 1);
    }

    private static void assertSeconds(List<Double> expected, List<Double> actual) {
        assertEquals(expected.size(), actual.size(), "expected " + expected + ", got " + actual);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), 1e-6, "#" + i + ": expected " + expected + ", got " + actual);
        }
    }

    @Test
    void timeout_shouldBeCountedOnce_atTheRunsOwnDeadline_notByALaterTickFindingItInFlight() {
        Scripted c = new Scripted().then(ok(), hang(Duration.ofSeconds(10)));
        CheckScheduler s = scheduler(c, Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(2), 1, 2);
        s.start();
        timer.step(Duration.ofMillis(4990)); // run at 0 passed, run at 2 in flight; the grid point at 4 passed by
        assertEquals(1, counted.size(), counted.toString());
        assertTrue(last().up());
        timer.step(Duration.ofMillis(10)); // 5 s: the deadline of the run started at 2
        assertEquals(2, counted.size());
        assertEquals("timed out after 3s", last().lastResult().message());
        assertEquals(1, last().failures());
        assertEquals(5.0, countedAt.get(1), 1e-9);
        s.close();
    }

    @Test
    void nextRun_afterATimeout_shouldStartOnTheGrid_withoutWaitingAnotherInterval() {
        // timeout == interval, no fast retries: the old schedule counted the second failure two intervals later
        Duration second = Duration.ofSeconds(1);
        Scripted c = new Scripted().then(ok(), hang(second), hang(second));
        CheckScheduler s = scheduler(c, second, second, second, 1, 2);
        s.start();
        timer.step(Duration.ofMillis(3500));
        assertSeconds(List.of(0.0, 1.0, 2.0, 3.0), c.starts);
        assertSeconds(List.of(0.01, 2.0, 3.0, 3.01), countedAt);
        assertFalse(counted.get(2).up(), "down at 3 s: the run started at 1 s and the one right after it");
        assertEquals("timed out after 1s", counted.get(2).lastResult().message());
        s.close();
    }

    @Test
    void failedRun_shouldBeFollowedByTheNextGridPoint_notAFullIntervalAfterItsResult() {
        Scripted c = new Scripted().then(ok(), new Step(Duration.ofMillis(700), false), fail());
        CheckScheduler s = scheduler(c, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 2);
        s.start();
        timer.step(Duration.ofMillis(2500));
        assertSeconds(List.of(0.0, 1.0, 2.0), c.starts); // the slow failure at 1.7 s does not push the next to 2.7 s
        s.close();
    }

    @Test
    void resultAfterTheNextGridPoint_shouldStartTheNextRunAtOnce_andThenRejoinTheGrid() {
        // timeout longer than the interval: a slow failure ends after the point its successor was due at
        Scripted c = new Scripted().then(ok(), new Step(Duration.ofMillis(1200), false), fail());
        CheckScheduler s = scheduler(c, Duration.ofSeconds(1), Duration.ofMillis(1500), Duration.ofSeconds(1), 1, 3);
        s.start();
        timer.step(Duration.ofMillis(3500));
        assertSeconds(List.of(0.0, 1.0, 2.2, 3.0), c.starts);
        assertSeconds(List.of(0.01, 2.2, 2.21, 3.01), countedAt);
        s.close();
    }

    @Test
    void stuckRun_shouldCountOneFailurePerGridPointItBlocks_andNeverStartASecondRun() {
        Duration second = Duration.ofSeconds(1);
        Scripted c = new Scripted().then(ok(), hang(FOREVER));
        CheckScheduler s = scheduler(c, second, Duration.ofMillis(500), second, 1, 3);
        s.start();
        timer.step(Duration.ofMillis(4200));
        // timeout at 1.5 s; grid points 2 s (overdue, not counted: the timeout just was) then 3 s, 4 s
        assertSeconds(List.of(0.01, 1.5, 3.0, 4.0), countedAt);
        assertTrue(last().lastResult().message().startsWith("previous run still in flight for 3s, past its 500ms"),
                last().lastResult().message());
        assertFalse(last().up());
        assertTrue(last().inFlight());
        assertEquals(1, c.starts.size(), "the stuck run never returned; no second run started");
        s.close();
    }

    @Test
    void lateReturn_ofATimedOutRun_shouldStartTheOverdueRunAtOnce() {
        Duration second = Duration.ofSeconds(1);
        Scripted c = new Scripted().then(ok(), hang(Duration.ofMillis(1300)));
        CheckScheduler s = scheduler(c, second, Duration.ofMillis(500), second, 1, 3);
        s.start();
        timer.step(Duration.ofMillis(3500));
        // run at 1 s times out at 1.5 s, is still out at the 2 s grid point, returns at 2.3 s: the run due at 2 s
        // starts then, and the one after it is back on the grid at 3 s
        assertSeconds(List.of(0.0, 1.0, 2.3, 3.0), c.starts);
        assertSeconds(List.of(0.01, 1.5, 2.31, 3.01), countedAt); // the late result (2.3 s) was dropped
        assertTrue(last().up());
        s.close();
    }

    @Test
    void firstFailure_ofAnUpCheck_shouldStartFastRetries_untilFallIsReached() {
        Scripted c = new Scripted().then(ok(), fail(), fail(), fail());
        CheckScheduler s = scheduler(c, Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(250), 1, 3);
        s.start();
        timer.step(Duration.ofMillis(3600));
        assertSeconds(List.of(0.0, 1.0, 1.25, 1.5, 2.5, 3.5), c.starts);
        assertFalse(counted.get(3).up(), "down at the third failure, 500 ms after the first");
        assertTrue(counted.get(2).up());
        s.close();
    }

    @Test
    void fastRetries_shouldStop_whenTheCheckPassesAgain() {
        Scripted c = new Scripted().then(ok(), fail(), ok());
        CheckScheduler s = scheduler(c, Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(250), 1, 3);
        s.start();
        timer.step(Duration.ofMillis(3400));
        assertSeconds(List.of(0.0, 1.0, 1.25, 2.25, 3.25), c.starts);
        assertTrue(last().up());
        s.close();
    }

    @Test
    void firstSuccess_ofADownCheck_shouldStartFastRetries_untilRiseIsReached() {
        // rise 3: a failed run, then the first success starts fast retries until the third
        Scripted c = new Scripted().then(fail(), ok(), ok(), ok());
        CheckScheduler s = scheduler(c, Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(250), 3, 1);
        s.start();
        timer.step(Duration.ofMillis(3600));
        assertSeconds(List.of(0.0, 1.0, 1.25, 1.5, 2.5, 3.5), c.starts);
        assertTrue(counted.get(3).up(), "up at the third success, 500 ms after the first");
        assertFalse(counted.get(2).up());
        s.close();
    }

    @Test
    void fastRetries_shouldStop_whenADownCheckFailsAgain() {
        Scripted c = new Scripted().then(fail(), ok(), fail());
        CheckScheduler s = scheduler(c, Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(250), 2, 1);
        s.start();
        timer.step(Duration.ofMillis(2400));
        assertSeconds(List.of(0.0, 1.0, 1.25, 2.25), c.starts);
        assertFalse(last().up());
        s.close();
    }

    @Test
    void contextDeadline_shouldBeTheTimeoutAway_onTheContextsClock() {
        Scripted c = new Scripted();
        CheckScheduler s = scheduler(c, Duration.ofSeconds(1), Duration.ofMillis(700), Duration.ofMillis(250), 1, 1);
        s.start();
        timer.step(Duration.ofMillis(10));
        wall.advance(Duration.ofHours(-1)); // the wall clock is not what deadlines are measured on
        timer.step(Duration.ofSeconds(1));
        assertEquals(List.of(Duration.ofMillis(700), Duration.ofMillis(700)), c.timeLeftAtStart);
        s.close();
    }
}
