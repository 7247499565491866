package org.vrrpd.check.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link TaskTimer} whose tasks run only when the test advances its {@link MutableClock}. */
final class ManualTimer implements TaskTimer {

    private final MutableClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private long seq;

    ManualTimer(MutableClock clock) {
        this.clock = clock;
    }

    private static final class Task {
        final Instant due;
        final long seq;
        final Runnable r;
        boolean cancelled;

        Task(Instant due, long seq, Runnable r) {
            this.due = due;
            this.seq = seq;
            this.r = r;
        }
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task);
        tasks.add(t);
        return () -> t.cancelled = true;
    }

    /** Runs everything due now, including tasks that due tasks schedule for now. */
    void runDue() {
        while (true) {
            Task next;
            synchronized (this) {
                tasks.removeIf(t -> t.cancelled);
                next = tasks.stream().filter(t -> !t.due.isAfter(clock.instant()))
                        .min(Comparator.<Task, Instant>comparing(t -> t.due).thenComparingLong(t -> t.seq))
                        .orElse(null);
                if (next == null) {
                    return;
                }
                tasks.remove(next);
            }
            next.r.run();
        }
    }

    /**
     * Moves the clock forward task by task: the clock stops at each task's due time and runs it there (and what
     * it schedules for then), so every task sees the time it was due at.
     */
    void step(Duration d) {
        Instant end = clock.instant().plus(d);
        while (true) {
            Instant due;
            synchronized (this) {
                tasks.removeIf(t -> t.cancelled);
                due = tasks.stream().map(t -> t.due).filter(t -> !t.isAfter(end)).min(Instant::compareTo).orElse(null);
            }
            if (due == null) {
                break;
            }
            if (due.isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), due));
            }
            runDue();
        }
        clock.advance(Duration.between(clock.instant(), end));
    }

    /** Moves the clock forward and runs what fell due. */
    void advance(Duration d) {
        clock.advance(d);
        runDue();
    }
}
