package org.vrrpd.daemon.track;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * An instance's {@link Tracker} between the threads that report to it and the driver that acts on its output.
 *
 * <p><b>Threads.</b> Check threads {@link #report} under this object's lock, which only folds the inputs (no
 * I/O, no waiting); when the outcome changed, one task is posted to the protocol thread, which hands the newest
 * breakdown to the driver. The protocol thread reports the link and maintenance with {@link #reportNow}, which
 * applies at once (tracked interfaces and a reload's checks: {@link #record} or {@link #replace} under the
 * reporter's own lock, then {@link #applyNow} outside it). Check threads never wait for the protocol thread, and the protocol
 * thread never waits for a check. The driver is called on the protocol thread only, with no lock held, and must
 * be idempotent: it may be handed the same breakdown twice.
 */
public final class InstanceTracking {

    private final Executor protocolThread;
    private final Consumer<PriorityBreakdown> driver;

    // guarded by this
    private final Tracker tracker;
    private PriorityBreakdown current;
    private PriorityBreakdown posted;

    /**
     * @param base           the configured priority, 1–255
     * @param protocolThread runs tasks on the protocol thread (never the caller's when called from a check)
     * @param driver         hands a breakdown to the state machine; called on the protocol thread
     */
    public InstanceTracking(int base, Executor protocolThread, Consumer<PriorityBreakdown> driver) {
        this.protocolThread = Objects.requireNonNull(protocolThread, "protocolThread");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.tracker = new Tracker(base);
        this.current = tracker.breakdown();
        this.posted = current;
    }

    /**
     * From any thread: records {@code t}; when the outcome changed, posts the newest breakdown to the protocol
     * thread. Returns the new breakdown.
     */
    public PriorityBreakdown report(Tracked t) {
        PriorityBreakdown b;
        synchronized (this) {
            tracker.report(t);
            current = tracker.breakdown();
            b = current;
            if (b.sameOutcome(posted)) {
                return b;
            }
            posted = b;
        }
        protocolThread.execute(this::applyNow);
        return b;
    }

    /** Protocol thread: records {@code t} and hands the breakdown to the driver at once. */
    public PriorityBreakdown reportNow(Tracked t) {
        record(t);
        return applyNow();
    }

    /**
     * From any thread: records {@code t} without telling the driver; the caller, on the protocol thread, follows
     * with {@link #applyNow()} (so it can record under its own lock and apply outside it).
     */
    public synchronized PriorityBreakdown record(Tracked t) {
        tracker.report(t);
        current = tracker.breakdown();
        return current;
    }

    /**
     * From any thread: replaces every source of the given kinds (a reload's checks and tracked interfaces; the
     * ones no longer listed stop counting, and so stop faulting) without telling the driver; the caller follows
     * with {@link #applyNow()} on the protocol thread.
     */
    public synchronized PriorityBreakdown replace(Map<Tracked.Kind, List<Tracked>> byKind) {
        byKind.forEach(tracker::replace);
        current = tracker.breakdown();
        return current;
    }

    /**
     * From any thread: a reload changed the configured priority; the caller follows with {@link #applyNow()} on
     * the protocol thread, so the next advert carries the new effective priority.
     */
    public synchronized PriorityBreakdown rebase(int base) {
        tracker.rebase(base);
        current = tracker.breakdown();
        return current;
    }

    /** Protocol thread: hands the current breakdown to the driver. */
    public PriorityBreakdown applyNow() {
        PriorityBreakdown b = takeForDriver();
        driver.accept(b); // outside the lock: the driver runs the state machine
        return b;
    }

    /** The current breakdown, counted as handed over: reports with the same outcome need not post again. */
    private synchronized PriorityBreakdown takeForDriver() {
        posted = current;
        return current;
    }

    /** The current breakdown: the effective priority, the fault set and every contribution. */
    public synchronized PriorityBreakdown breakdown() {
        return current;
    }
}
