package org.vrrpd.check.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.CheckResult;

/**
 * A dead service is not a suspicion: a check given a pid file, and a check reporting {@link WatchedProcesses}, is
 * down the moment the watched process exits (no waiting for {@code fall}), and picks up a restarted service's new
 * pid on its next run. Processes are {@link FakeProcessExits}; runs take no time (the executor runs them inline).
 */
class ProcessExitTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration SECOND = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final ManualTimer timer = new ManualTimer(clock);
    private final FakeProcessExits processes = new FakeProcessExits();
    private final List<CheckStatus> counted = new ArrayList<>();
    private final List<Double> countedAt = new ArrayList<>();

    /** Always up; reports the pids it is told to. */
    static final class Finder implements Check, WatchedProcesses {
        volatile Set<Long> pids = Set.of();
        volatile boolean up = true;

        @Override
        public CheckResult run(CheckContext context) {
            return up ? CheckResult.up(Duration.ZERO, "found") : CheckResult.down(Duration.ZERO, "none");
        }

        @Override
        public Set<Long> watchedPids() {
            return up ? pids : Set.of();
        }
    }

    private CheckScheduler scheduler(Check check, Path pidFile, int rise, int fall) {
        ScheduledCheck sc = new ScheduledCheck("svc", check, SECOND, SECOND, rise, fall, 0, SECOND, pidFile);
        return new CheckScheduler(List.of(sc), s -> {
            counted.add(s);
            countedAt.add(Duration.between(T0, clock.instant()).toNanos() / 1e9);
        }, clock, clock, timer, Runnable::run, 0).watchingExits(processes);
    }

    private CheckStatus last() {
        return counted.get(counted.size() - 1);
    }

    private Path pidFile(long pid) throws IOException {
        Path f = dir.resolve("svc.pid");
        Files.writeString(f, pid + "\n");
        return f;
    }

    @Test
    void pidFileProcessExit_shouldTurnTheCheckDownAtOnce_withoutWaitingForFall() throws IOException {
        processes.start(100);
        CheckScheduler s = scheduler(ctx -> CheckResult.up(Duration.ZERO, "ok").withDetail(Map.of("banner", "220")),
                pidFile(100), 1, 3);
        s.start();
        timer.step(Duration.ofMillis(2500));
        assertTrue(last().up());
        assertEquals(1, processes.watching(100), "one watch, however many runs");
        assertEquals("process 100 from pid file " + dir.resolve("svc.pid"), last().lastResult().detail().get("watching"),
                "vrrpctl checks shows what is watched");
        assertEquals("220", last().lastResult().detail().get("banner"), "beside the check's own detail");
        processes.kill(100);
        assertFalse(last().up(), "down with fall 3, on the first failure");
        assertEquals("process 100 from pid file " + dir.resolve("svc.pid") + " exited", last().lastResult().message());
        assertEquals(2.5, countedAt.get(countedAt.size() - 1), 1e-9, "counted at the exit, not at a run");
        s.close();
    }

    @Test
    void restartedService_shouldBeWatchedOnTheNextRun_afterItsPidFileIsRewritten() throws IOException {
        processes.start(100);
        Path f = pidFile(100);
        CheckScheduler s = scheduler(ctx -> CheckResult.up(Duration.ZERO, "ok"), f, 2, 2);
        s.start();
        timer.step(Duration.ofMillis(1500));
        assertTrue(last().up());
        processes.kill(100);
        assertFalse(last().up());
        processes.start(200);
        pidFile(200);
        timer.step(Duration.ofMillis(1000)); // the run at 2 s reads the new pid: one success of rise 2
        assertEquals(1, processes.watching(200));
        timer.step(Duration.ofMillis(1000));
        assertTrue(last().up(), "up again after rise successes with the new pid");
        processes.kill(200);
        assertFalse(last().up());
        s.close();
    }

    @Test
    void pidFileNamingNoRunningProcess_shouldMakeTheRunDown() throws IOException {
        CheckScheduler s = scheduler(ctx -> CheckResult.up(Duration.ZERO, "ok"), pidFile(4242), 1, 1);
        s.start();
        timer.step(Duration.ofMillis(10));
        assertFalse(last().up());
        assertEquals("pid file " + dir.resolve("svc.pid") + " names process 4242, which is not running",
                last().lastResult().message());
        s.close();
    }

    @Test
    void missingPidFile_shouldMakeTheRunDown_namingTheFile() {
        Path missing = dir.resolve("gone.pid");
        CheckScheduler s = scheduler(ctx -> CheckResult.up(Duration.ZERO, "ok"), missing, 1, 1);
        s.start();
        timer.step(Duration.ofMillis(10));
        assertFalse(last().up());
        assertEquals("pid file " + missing + " does not exist", last().lastResult().message());
        s.close();
    }

    @Test
    void processCheck_shouldGoDownWhenTheLastFoundProcessExits_notTheFirst() {
        processes.start(1);
        processes.start(2);
        Finder f = new Finder();
        f.pids = Set.of(1L, 2L);
        CheckScheduler s = scheduler(f, null, 1, 3);
        s.start();
        timer.step(Duration.ofMillis(10));
        assertTrue(last().up());
        int before = counted.size();
        processes.kill(1);
        assertEquals(before, counted.size(), "one of two exiting changes nothing");
        processes.kill(2);
        assertFalse(last().up());
        assertEquals("process 2 exited", last().lastResult().message());
        s.close();
    }

    @Test
    void processFoundByARun_thatExitedBeforeItWasWatched_shouldMakeTheRunDown() {
        Finder f = new Finder();
        f.pids = Set.of(7L); // never started: gone between the scan and the watch
        CheckScheduler s = scheduler(f, null, 1, 1);
        s.start();
        timer.step(Duration.ofMillis(10));
        assertFalse(last().up());
        assertEquals("every process found has exited since", last().lastResult().message());
        s.close();
    }

    @Test
    void downRun_shouldWatchNothing_andCloseShouldCancelEveryWatch() throws IOException {
        processes.start(1);
        processes.start(100);
        Finder f = new Finder();
        f.pids = Set.of(1L);
        CheckScheduler s = scheduler(f, pidFile(100), 1, 1);
        s.start();
        timer.step(Duration.ofMillis(10));
        assertEquals(2, processes.watches());
        f.up = false;
        timer.step(SECOND);
        assertEquals(1, processes.watches(), "only the pid file's process, whose exit still matters");
        s.close();
        assertEquals(0, processes.watches());
    }

    @Test
    void runInFlightWhenTheProcessExits_shouldNotCountAsUp() throws IOException {
        processes.start(100);
        ManualExecutor workers = new ManualExecutor();
        ScheduledCheck sc = new ScheduledCheck("svc", ctx -> CheckResult.up(Duration.ZERO, "ok"), SECOND, SECOND, 1,
                1, 0, SECOND, pidFile(100));
        CheckScheduler s = new CheckScheduler(List.of(sc), counted::add, clock, clock, timer, workers, 0)
                .watchingExits(processes);
        s.start();
        timer.step(Duration.ZERO);
        workers.runNext(); // the run at 0 s: up, pid 100 watched
        assertTrue(last().up());
        timer.step(SECOND); // the run at 1 s starts and is still going when the service dies
        processes.kill(100);
        assertFalse(last().up());
        workers.runNext(); // ... and then returns "ok": it looked before the death
        assertFalse(last().up(), "a run that started before the exit is not evidence the service is up");
        assertEquals("a watched process exited during the run", last().lastResult().message());
        s.close();
    }

    @Test
    void kernelWithoutPidfds_shouldLeaveTheCheckOnItsSchedule() throws IOException {
        processes.unsupported = true;
        CheckScheduler s = scheduler(ctx -> CheckResult.up(Duration.ZERO, "ok"), pidFile(100), 1, 1);
        s.start();
        timer.step(Duration.ofMillis(1500));
        assertTrue(last().up(), "the run decides; only the prompt notice is lost");
        assertEquals(2, counted.size());
        s.close();
    }
}
