package org.vrrpd.daemon.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import org.vrrpd.check.runtime.TaskTimer;

/** A fake clock, a manual {@link TaskTimer} on it, and a manual executor: check schedulers without threads. */
final class ManualCheckTime extends Clock implements TaskTimer {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long seq;
    private final List<Timed> timed = new ArrayList<>();
    final Queue workers = new Queue();

    private record Timed(Instant due, long seq, Runnable task, boolean[] cancelled) {
    }

    /** Tasks handed to an executor, run only when asked. */
    static final class Queue implements Executor {
        private final Deque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable r) {
            tasks.add(r);
        }

        /** Runs queued tasks (and those they queue) until none is left; returns how many ran. */
        int runAll() {
            int n = 0;
            while (true) {
                Runnable r;
                synchronized (this) {
                    r = tasks.poll();
                }
                if (r == null) {
                    return n;
                }
                r.run();
                n++;
            }
        }

        synchronized int size() {
            return tasks.size();
        }
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        timed.add(new Timed(now.plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves time forward, running timers as they fall due and the worker tasks they start. */
    void advance(Duration d) {
        Instant end = now.plus(d);
        while (true) {
            Timed next;
            synchronized (this) {
                next = timed.stream().filter(t -> !t.due().isAfter(end))
                        .min(Comparator.comparing(Timed::due).thenComparingLong(Timed::seq)).orElse(null);
                if (next == null) {
                    now = end;
                    break;
                }
                timed.remove(next);
                if (next.due().isAfter(now)) {
                    now = next.due();
                }
            }
            if (!next.cancelled()[0]) {
                next.task().run();
            }
            workers.runAll();
        }
        workers.runAll();
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
