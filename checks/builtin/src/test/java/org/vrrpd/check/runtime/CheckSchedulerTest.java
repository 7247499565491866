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
import org.junit.jupiter.api.Test;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.CheckResult;

/** The scheduler with a fake clock, a manual timer and a manual worker queue: every step is explicit. */
class CheckSchedulerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ManualTimer timer = new ManualTimer(clock);
    private final ManualExecutor workers = new ManualExecutor();
    private final List<CheckStatus> runs = new ArrayList<>();
    private final CheckListener listener = runs::add;

    /** Returns queued outcomes: true/false results, or throws the queued exception. */
    static final class ScriptedCheck implements Check {
        final Deque<Object> outcomes = new ArrayDeque<>();
        int runs;

        ScriptedCheck then(Object... o) {
            outcomes.addAll(List.of(o));
            return this;
        }

        @Override
        public CheckResult run(CheckContext context) throws Exception {
            runs++;
            Object o = outcomes.isEmpty() ? Boolean.TRUE : outcomes.poll();
            if (o instanceof Exception) {
                throw (Exception) o;
            }
            if (o instanceof RuntimeException) {
                throw (RuntimeException) o;
            }
            return (Boolean) o ? CheckResult.up(Duration.ofMillis(1), "ok") : CheckResult.down(Duration.ofMillis(1), "bad");
        }
    }

    private static ScheduledCheck sc(String name, Check c, int weight, int rise, int fall) {
        return new ScheduledCheck(name, c, Duration.ofSeconds(1), Duration.ofMillis(500), rise, fall, weight);
    }

    private CheckScheduler scheduler(ScheduledCheck... checks) {
        return new CheckScheduler(List.of(checks), listener, clock, timer, workers, 0);
    }

    private boolean up(CheckScheduler s, int check) {
        return s.statuses().get(check).up();
    }

    @Test
    void start_shouldCountEveryCheckDown_untilItHasRisen_andReportNothingBeforeARun() {
        CheckScheduler s = scheduler(sc("a", new ScriptedCheck(), 20, 1, 1), sc("b", new ScriptedCheck(), -10, 1, 1));
        s.start();
        assertFalse(up(s, 0));
        assertFalse(up(s, 1));
        assertTrue(runs.isEmpty(), runs.toString());
    }

    @Test
    void successfulRun_shouldTurnTheCheckUp_andReportTheRun() {
        CheckScheduler s = scheduler(sc("a", new ScriptedCheck().then(true), 20, 1, 1));
        s.start();
        timer.runDue();
        workers.runAll();
        assertTrue(up(s, 0));
        assertEquals(1, runs.size());
        assertTrue(runs.get(0).up());
        assertEquals("ok", runs.get(0).lastResult().message());
    }

    @Test
    void riseAndFall_shouldApply_acrossScheduledRuns() {
        ScriptedCheck c = new ScriptedCheck().then(true, true, false, false);
        CheckScheduler s = scheduler(sc("a", c, 20, 2, 2));
        s.start();
        timer.runDue();
        workers.runAll();
        assertFalse(up(s, 0), "one success of two");
        timer.advance(Duration.ofSeconds(1));
        workers.runAll();
        assertTrue(up(s, 0));
        timer.advance(Duration.ofSeconds(1));
        workers.runAll();
        assertTrue(up(s, 0), "one failure of two");
        timer.advance(Duration.ofSeconds(1));
        workers.runAll();
        assertFalse(up(s, 0));
        assertEquals(4, c.runs);
    }

    @Test
    void failingRun_shouldReportTheCheckDown_withItsWeight() {
        CheckScheduler s = scheduler(sc("smtp", new ScriptedCheck().then(true, false), 0, 1, 1));
        s.start();
        timer.runDue();
        workers.runAll();
        assertTrue(up(s, 0));
        timer.advance(Duration.ofSeconds(1));
        workers.runAll();
        CheckStatus last = runs.get(runs.size() - 1);
        assertFalse(last.up());
        assertEquals("smtp", last.name());
        assertEquals(0, last.weight());
        assertEquals("bad", last.lastResult().message());
    }

    @Test
    void runPastItsTimeout_shouldCountOnce_andTheNextRunStartAsSoonAsItReturns() {
        ScriptedCheck c = new ScriptedCheck();
        CheckScheduler s = scheduler(sc("a", c, 20, 1, 1));
        s.start();
        timer.runDue();
        assertEquals(1, workers.pending());
        timer.advance(Duration.ofMillis(500)); // timeout
        assertEquals(1, runs.size());
        assertEquals("timed out after 500ms", runs.get(0).lastResult().message());
        timer.advance(Duration.ofMillis(500)); // next interval, still running: neither counted again nor run twice
        assertEquals(1, runs.size(), "the timeout is counted once, at the run's deadline");
        assertEquals(1, workers.pending(), "no second run queued");
        workers.runNext(); // the late run finally returns: its success is dropped, the overdue run starts at once
        assertEquals(1, c.runs);
        assertFalse(s.statuses().get(0).up());
        assertEquals(1, workers.pending(), "the overdue run started without waiting for the next interval");
        workers.runNext();
        assertTrue(s.statuses().get(0).up());
    }

    @Test
    void throwingCheck_shouldBeDown_withTheExceptionMessage() {
        ScriptedCheck c = new ScriptedCheck().then(true, new IllegalStateException("disk on fire"));
        CheckScheduler s = scheduler(sc("a", c, -30, 1, 1));
        s.start();
        timer.runDue();
        workers.runAll();
        assertTrue(up(s, 0));
        timer.advance(Duration.ofSeconds(1));
        workers.runAll();
        assertFalse(up(s, 0));
        assertEquals("check threw IllegalStateException: disk on fire", s.statuses().get(0).lastResult().message());
    }

    @Test
    void runOutOfMemory_shouldOnlyDownThatCheck() {
        Check hog = ctx -> {
            throw new OutOfMemoryError("Java heap space");
        };
        CheckScheduler s = scheduler(sc("hog", hog, -10, 1, 1), sc("ok", new ScriptedCheck(), 5, 1, 1));
        s.start();
        timer.runDue();
        workers.runAll();
        assertFalse(up(s, 0));
        assertTrue(up(s, 1));
        assertEquals("check threw OutOfMemoryError: Java heap space", s.statuses().get(0).lastResult().message());
    }

    @Test
    void everyCountedRun_shouldBeReportedOnce() {
        CheckScheduler s = scheduler(sc("a", new ScriptedCheck(), 20, 1, 1));
        s.start();
        for (int i = 0; i < 5; i++) {
            timer.runDue();
            workers.runAll();
            timer.advance(Duration.ofSeconds(1));
        }
        assertEquals(5, runs.size());
        assertEquals(5, runs.get(4).successes());
    }

    @Test
    void close_shouldStopScheduling() {
        ScriptedCheck c = new ScriptedCheck();
        CheckScheduler s = scheduler(sc("a", c, 20, 1, 1));
        s.start();
        timer.runDue();
        workers.runAll();
        s.close();
        timer.advance(Duration.ofSeconds(5));
        assertEquals(0, workers.pending());
        assertEquals(1, c.runs);
    }
}
