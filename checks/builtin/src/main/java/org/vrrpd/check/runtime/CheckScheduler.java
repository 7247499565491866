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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.api.Durations;
import org.vrrpd.check.api.SecretFiles;

/**
 * Runs one VRRP instance's checks, each on its own interval and timeout, off the caller's thread, and reports
 * every counted result to a {@link CheckListener}; what a check's state does to the priority is the tracker's.
 *
 * <p><b>Monotonic time.</b> Intervals, deadlines and timeouts run on {@link MonotonicClock} ({@code nanoTime}),
 * so stepping the system clock changes no check's cadence; the wall clock only stamps
 * {@link CheckStatus#lastRun()}. A run's {@link org.vrrpd.check.api.CheckContext} carries the monotonic clock, so
 * {@code deadline() - clock().instant()} is its true time left.
 *
 * <p><b>The schedule.</b> Each check runs on a grid: the next run starts at the grid point after the last run's,
 * or at once when the last run's result (or timeout) came after that point, so a run that fails or times out is
 * followed by the next one without waiting out the interval again; a node that fell behind (suspend, overload)
 * runs once and rejoins the grid instead of firing a burst. While the check's state is in doubt (an up check with
 * a failure short of {@code fall}, a down one with a success short of {@code rise}) the grid's spacing is its
 * {@code fast_interval} instead of its {@code interval} (HAProxy's {@code fastinter}).
 *
 * <p><b>Process exits.</b> With {@link #watchingExits}, a check given a {@code pid_file} and the {@code process}
 * check ({@link WatchedProcesses}) are down the moment their process exits, without waiting for {@code fall}: a
 * dead service is not a suspicion ({@link ExitWatch}).
 *
 * <p><b>A timeout counts once.</b> A run that passes its timeout counts as a failure at its own deadline and its
 * thread is interrupted; if it returns later its result is dropped and, when a run fell due meanwhile, the next
 * run starts at once. A run stuck for good past its timeout (uninterruptible I/O) counts one more failure for
 * every further grid point it keeps the check from running.
 *
 * <p><b>A late run.</b> A run of an up check still without a result {@code fast_interval} after it started is a
 * suspicion in itself (a healthy server answers well within it): for checks whose runs are independent
 * ({@link IndependentRuns}: smtp, imap, http, tcp) a second run starts beside it then, so a hung server's second
 * timeout ends {@code fast_interval} after the first instead of a whole timeout later ({@code fall 2} at timeout
 * 3 s: down after 3.5 s, not 6 s). Each run's result counts when it ends, unless a run started later has been
 * counted already (newer evidence wins). At most one second run is in flight, never while a timed-out run has
 * not returned. Other checks (nfs, process, script, plugins) have one run in flight at a time.
 *
 * <p><b>Bounded threads.</b> With {@link #withThreads} the pool has one thread per check and one more per check
 * with independent runs, and no check ever holds more: a check stuck for good in uninterruptible I/O (a hung NFS
 * write in state D) keeps its one thread, never a second. A throwing check is down with the exception's message;
 * an {@link OutOfMemoryError} from an allocation-heavy check is caught the same way (the heap is the JVM's).
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
     * timer thread, and a worker pool of at most {@code checks.size()} daemon threads (idle ones exit after 30 s),
     * all closed by {@link #close()}.
     */
    public static CheckScheduler withThreads(String instanceName, List<ScheduledCheck> checks,
                                             CheckListener listener) {
        ExecutorTaskTimer timer = new ExecutorTaskTimer("vrrpd-check-timer-" + instanceName);
        AtomicInteger threadNo = new AtomicInteger();
        int n = Math.max(1, checks.size()
                + (int) checks.stream().filter(c -> c.check() instanceof IndependentRuns).count());
        // n threads, never more. The queue never holds more than n tasks either, because each check has at most
        // one run (two with independent runs) queued or running; it only absorbs the instant between a run ending
        // and its thread polling.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "vrrpd-check-" + instanceName + "-" + threadNo.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
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
        Duration t = slot.check.timeout();
        countNewest(slot, r.started, CheckResult.down(t, "timed out after " + human(t)));
        if (r.thread != null) {
            r.thread.interrupt();
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

    /** Runs the check once on this thread; whatever it throws becomes a down result. */
    private CheckResult invoke(CheckSlot slot, Instant started, Instant deadline) {
        try {
            CheckResult result = slot.check.check().run(new RuntimeCheckContext(monotonic, deadline, daemonUid,
                    CheckLoggers.daemon(slot.check.name())));
            return result != null ? result
                    : CheckResult.down(Duration.between(started, monotonic.instant()), "check returned no result");
        } catch (Throwable t) { // NOPMD - isolation: whatever a check throws, only its own result suffers
            if (t instanceof VirtualMachineError && !(t instanceof OutOfMemoryError)) {
                LOG.error("{} hit {}", label(slot), t.toString());
            }
            return CheckResult.down(Duration.between(started, monotonic.instant()), describe(t));
        }
    }

    private synchronized void timeout(CheckSlot slot, long id) {
        if (closed || !slot.inFlight || slot.runId != id || slot.timedOut) {
            return;
        }
        slot.timedOut = true;
        Duration t = slot.check.timeout();
        countNewest(slot, slot.runStarted, CheckResult.down(t, "timed out after " + human(t)));
        if (slot.runThread != null) {
            slot.runThread.interrupt();
        }
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

    static String describe(Throwable t) {
        String m = t.getMessage();
        return "check threw " + t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
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
