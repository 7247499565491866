package org.vrrpd.check.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.api.Durations;
import org.vrrpd.check.api.SecretFiles;

/**
 * Runs one VRRP instance's checks, each on its own interval and timeout, off the caller's thread, and reports
 * every counted result to a {@link CheckListener}; what a check's state does to the priority is the tracker's.
 * The rules, with their reasons, are in docs/CHECKS.md ("Runtime", "Schedule"); in short:
 *
 * <ul>
 *   <li><b>Monotonic time.</b> Intervals, deadlines and timeouts run on {@link MonotonicClock}; the wall clock only
 *       stamps {@link CheckStatus#lastRun()}. A run's context carries the monotonic clock.</li>
 *   <li><b>The grid.</b> The next run starts at the grid point after the last run's, or at once when the last
 *       result (or timeout) came after it; the spacing is {@code fast_interval} while the state is in doubt
 *       ({@link CheckSlot#nextTick}). A node that fell behind runs once and rejoins the grid.</li>
 *   <li><b>A timeout counts once</b>, at the run's own deadline; a late return is dropped, and a run stuck for good
 *       counts one more failure per grid point it blocks.</li>
 *   <li><b>A late run</b> of an up {@link IndependentRuns} check (smtp, imap, http, tcp) gets a second run beside
 *       it {@code fast_interval} after it started ({@link SecondRun}); a result counts unless a later-started
 *       run's has been counted.</li>
 *   <li><b>Process exits</b> ({@link #watchingExits}) turn a check down at once ({@link ExitWatch}).</li>
 *   <li><b>Bounded threads</b> ({@link #withThreads}): one per check, one more per check with independent runs;
 *       no run starts while a timed-out one of the same check has not returned. Whatever a check throws makes
 *       only its own run a failure ({@link CheckInvocation}).</li>
 * </ul>
 */
public final class CheckScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckScheduler.class);

    private final List<CheckSlot> slots;
    private final CheckListener listener;
    private final Clock wall;
    private final Clock monotonic;
    private final TaskTimer timer;
    private final Executor workers;
    private final int daemonUid;
    private ProcessExits exits = ProcessExits.NONE;
    private final List<AutoCloseable> owned = new ArrayList<>();
    /** The instance the checks belong to, named in every log line (null in tests that need no name). */
    private String instance;
    private boolean started;
    private boolean closed;

    /** With one clock for scheduling and stamps (tests whose clock never steps). */
    public CheckScheduler(List<ScheduledCheck> checks, CheckListener listener, Clock clock, TaskTimer timer,
                          Executor workers, int daemonUid) {
        this(checks, listener, clock, clock, timer, workers, daemonUid);
    }

    /**
     * @param checks       the checks, names unique
     * @param listener     told about every run
     * @param wall         stamps {@link CheckStatus#lastRun()}; nothing else
     * @param monotonic    a clock that is never stepped, for deadlines, intervals and latency
     * @param timer        fires the intervals and timeouts (its delays must be monotonic too)
     * @param workers      runs the checks; must not run them on the calling thread
     * @param daemonUid    the uid whose files {@link org.vrrpd.check.api.CheckContext#readSecret} accepts (besides root)
     */
    public CheckScheduler(List<ScheduledCheck> checks, CheckListener listener, Clock wall, Clock monotonic,
                          TaskTimer timer, Executor workers, int daemonUid) {
        Set<String> names = new HashSet<>();
        List<CheckSlot> list = new ArrayList<>();
        for (ScheduledCheck c : checks) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("two checks are named '" + c.name() + "'");
            }
            list.add(new CheckSlot(c));
        }
        this.slots = List.copyOf(list);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.wall = Objects.requireNonNull(wall, "wall");
        this.monotonic = Objects.requireNonNull(monotonic, "monotonic");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.daemonUid = daemonUid;
    }

    /**
     * The production set-up: the system clock for stamps, {@link MonotonicClock#system()} for everything else, a
     * timer thread, and the bounded worker pool of {@link CheckThreads#pool}, all closed by {@link #close()}.
     */
    public static CheckScheduler withThreads(String instanceName, List<ScheduledCheck> checks,
                                             CheckListener listener) {
        ExecutorTaskTimer timer = new ExecutorTaskTimer("vrrpd-check-timer-" + instanceName);
        ThreadPoolExecutor pool = CheckThreads.pool(instanceName, checks);
        CheckScheduler s = new CheckScheduler(checks, listener, Clock.systemUTC(), MonotonicClock.system(), timer,
                pool, SecretFiles.currentUid());
        s.instance = instanceName;
        s.owned.add(timer);
        s.owned.add(pool::shutdownNow);
        return s;
    }

    /** Watches process exits through {@code processExits} (see {@link ExitWatch}); call before {@link #start}. */
    public synchronized CheckScheduler watchingExits(ProcessExits processExits) {
        this.exits = Objects.requireNonNull(processExits, "processExits");
        return this;
    }

    /** Starts every check's first run now. Call once. */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "scheduler is closed" : "scheduler already started");
        }
        started = true;
        Instant now = monotonic.instant();
        for (CheckSlot slot : slots) {
            slot.exits = new ExitWatch(label(slot), slot.check.pidFile(), exits,
                    (gen, pid) -> exited(slot, gen, pid));
            slot.due = now;
            slot.tickHandle = timer.schedule(Duration.ZERO, () -> tick(slot));
        }
    }

    /** Every check's state, in configuration order (every check down before it has risen). */
    public synchronized List<CheckStatus> statuses() {
        List<CheckStatus> out = new ArrayList<>(slots.size());
        for (CheckSlot s : slots) {
            out.add(s.status());
        }
        return out;
    }

    /** Stops all timers, interrupts runs in flight, closes the checks and any threads this scheduler made. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (CheckSlot s : slots) {
                if (s.tickHandle != null) {
                    s.tickHandle.cancel();
                }
                if (s.timeoutHandle != null) {
                    s.timeoutHandle.cancel();
                }
                if (s.lateHandle != null) {
                    s.lateHandle.cancel();
                }
                if (s.runThread != null) {
                    s.runThread.interrupt();
                }
                if (s.second != null) {
                    s.second.timeoutHandle.cancel();
                    if (s.second.thread != null) {
                        s.second.thread.interrupt();
                    }
                }
                if (s.exits != null) {
                    s.exits.close();
                }
            }
        }
        for (CheckSlot s : slots) {
            try {
                s.check.check().close();
            } catch (RuntimeException e) {
                LOG.warn("{} failed to close: {}", label(s), e.toString());
            }
        }
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("{}closing check threads failed: {}", prefix(), e.toString());
            }
        }
    }

    private synchronized void tick(CheckSlot slot) {
        if (closed) {
            return;
        }
        Instant now = monotonic.instant();
        // the grid point this tick stands for: the timer fires a little late, and the grid must not drift with it
        Instant due = slot.due == null || slot.due.isAfter(now) ? now : slot.due;
        slot.due = null;
        slot.tickHandle = null;
        if (slot.inFlight && !slot.timedOut) {
            return; // cannot happen: no tick is armed while a run is within its timeout
        }
        if (slot.inFlight) {
            // past its timeout (counted then) and not back yet: a run is due but cannot start
            if (slot.overdue) {
                Duration stuck = Duration.between(slot.runStarted, now);
                count(slot, CheckResult.down(stuck, "previous run still in flight for " + human(stuck)
                        + ", past its " + human(slot.check.timeout()) + " timeout"));
            } else {
                slot.overdue = true; // the late return starts the next run at once, standing for this grid point
                slot.overdueDue = due;
            }
            armNext(slot, now, true);
            return;
        }
        startRun(slot, now, due);
    }

    /** Starts a run now, standing for grid point {@code due} (the anchor of the next grid point). */
    private void startRun(CheckSlot slot, Instant now, Instant due) {
        long id = ++slot.runId;
        slot.inFlight = true;
        slot.timedOut = false;
        slot.overdue = false;
        slot.runStarted = now;
        slot.anchor = due;
        Instant deadline = now.plus(slot.check.timeout());
        slot.timeoutHandle = timer.schedule(slot.check.timeout(), () -> timeout(slot, id));
        try {
            workers.execute(() -> run(slot, id, deadline));
        } catch (RejectedExecutionException e) {
            slot.inFlight = false;
            slot.timeoutHandle.cancel();
            countNewest(slot, now, CheckResult.down(Duration.ZERO, "no worker thread available"));
            armNext(slot, now, true);
            return;
        }
        Duration late = slot.check.fastInterval();
        if (slot.independentRuns && slot.hysteresis.up() && late.compareTo(slot.check.timeout()) < 0) {
            slot.lateHandle = timer.schedule(late, () -> late(slot, id));
        }
    }

    /** The run {@code id} has had {@code fast_interval} without a result: a second run starts beside it. */
    private synchronized void late(CheckSlot slot, long id) {
        slot.lateHandle = null;
        if (closed || slot.runId != id || !slot.inFlight || slot.timedOut || slot.second != null
                || !slot.hysteresis.up()) {
            return;
        }
        Instant now = monotonic.instant();
        SecondRun r = new SecondRun(now, now.plus(slot.check.timeout()));
        slot.second = r;
        r.timeoutHandle = timer.schedule(slot.check.timeout(), () -> secondTimeout(slot, r));
        try {
            workers.execute(() -> runSecond(slot, r));
        } catch (RejectedExecutionException e) {
            slot.second = null;
            r.timeoutHandle.cancel();
            return;
        }
        LOG.debug("{} has no result after {}; a second run starts beside it", label(slot),
                human(Duration.between(slot.runStarted, now)));
    }

    private void runSecond(CheckSlot slot, SecondRun r) {
        synchronized (this) {
            if (closed || r.done) {
                return;
            }
            r.thread = Thread.currentThread();
        }
        CheckResult result = invoke(slot, r.started, r.deadline);
        synchronized (this) {
            r.thread = null;
            r.done = true;
            r.timeoutHandle.cancel();
            if (slot.second == r) {
                slot.second = null;
            }
            if (!closed && !r.timedOut) {
                countNewest(slot, r.started, slot.exits.afterRun(result, slot.check.check(), r.started));
            }
        }
        Thread.interrupted();
    }

    private synchronized void secondTimeout(CheckSlot slot, SecondRun r) {
        if (closed || r.done || r.timedOut) {
            return;
        }
        r.timedOut = true;
        countTimeout(slot, r.started, r.thread);
    }

    /** A run past its deadline: its failure counts now (unless a later run's was counted), its thread interrupted. */
    private void countTimeout(CheckSlot slot, Instant started, Thread thread) {
        Duration t = slot.check.timeout();
        countNewest(slot, started, CheckResult.down(t, "timed out after " + human(t)));
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Arms the next tick on the check's grid ({@link CheckSlot#nextTick}). */
    private void armNext(CheckSlot slot, Instant now, boolean after) {
        Instant next = slot.nextTick(now, after);
        if (slot.tickHandle != null) {
            slot.tickHandle.cancel();
        }
        slot.tickHandle = timer.schedule(Duration.between(now, next), () -> tick(slot));
    }

    private void run(CheckSlot slot, long id, Instant deadline) {
        synchronized (this) {
            if (closed || slot.runId != id) {
                slot.inFlight = slot.inFlight && !closed;
                return;
            }
            slot.runThread = Thread.currentThread();
        }
        CheckResult result = invoke(slot, slot.runStarted, deadline);
        synchronized (this) {
            slot.runThread = null;
            slot.inFlight = false;
            if (slot.timeoutHandle != null) {
                slot.timeoutHandle.cancel();
            }
            if (slot.lateHandle != null) {
                slot.lateHandle.cancel();
                slot.lateHandle = null;
            }
            if (closed) {
                Thread.interrupted();
                return;
            }
            Instant now = monotonic.instant();
            if (slot.timedOut) {
                LOG.info("{} returned after its timeout ({}); result dropped", label(slot),
                        result.message());
                if (slot.overdue) {
                    if (slot.tickHandle != null) {
                        slot.tickHandle.cancel();
                        slot.tickHandle = null;
                    }
                    startRun(slot, now, slot.overdueDue);
                }
            } else {
                countNewest(slot, slot.runStarted, slot.exits.afterRun(result, slot.check.check(), slot.runStarted));
                armNext(slot, now, false);
            }
        }
        Thread.interrupted(); // don't hand a pool thread on with our timeout's interrupt pending
    }

    private CheckResult invoke(CheckSlot slot, Instant started, Instant deadline) {
        return CheckInvocation.run(slot.check, monotonic, started, deadline, daemonUid, label(slot));
    }

    private synchronized void timeout(CheckSlot slot, long id) {
        if (closed || !slot.inFlight || slot.runId != id || slot.timedOut) {
            return;
        }
        slot.timedOut = true;
        countTimeout(slot, slot.runStarted, slot.runThread);
        armNext(slot, monotonic.instant(), false);
    }

    /** A watched process exited (watcher's thread): down at once, whatever {@code fall} says. */
    private synchronized void exited(CheckSlot slot, long generation, long pid) {
        CheckResult down = closed ? null : slot.exits.exited(generation, pid, monotonic.instant());
        if (down != null) {
            record(slot, down, slot.hysteresis.failNow());
        }
    }

    /**
     * Counts the result of a run that started at {@code started}, unless a run started later has been counted
     * already (a late run's result after its second run's: the newer evidence stands).
     */
    private void countNewest(CheckSlot slot, Instant started, CheckResult result) {
        if (slot.countedStart != null && started.isBefore(slot.countedStart)) {
            LOG.debug("{}: result of a run overtaken by a later one dropped ({})", label(slot), result.message());
            return;
        }
        slot.countedStart = started;
        count(slot, result);
    }

    /** Counts one result (under the lock) and tells the listener. */
    private void count(CheckSlot slot, CheckResult result) {
        record(slot, result, slot.hysteresis.record(result.up()));
    }

    private void record(CheckSlot slot, CheckResult result, boolean flipped) {
        slot.last = result;
        slot.lastRun = wall.instant();
        if (flipped) {
            LOG.info("{} is now {}: {}", label(slot), slot.hysteresis.up() ? "UP" : "DOWN",
                    result.message());
        }
        safely(() -> listener.checkRan(slot.status()));
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("{}check listener threw: {}", prefix(), e.toString());
        }
    }

    /** 2s, 1.5s, 250ms. */
    static String human(Duration d) {
        return Durations.format(d);
    }

    /** "mail: check 'smtp'": how log lines name a check, with its instance. */
    private String label(CheckSlot slot) {
        return prefix() + "check '" + slot.check.name() + "'";
    }

    private String prefix() {
        return instance == null ? "" : instance + ": ";
    }
}
