package org.vrrpd.daemon.health;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import org.vrrpd.daemon.loop.ProtocolScheduler;

/** The protocol thread in a test: a manual monotonic clock, timers run by {@link #advance}, queued tasks. */
final class ManualProtocolScheduler implements ProtocolScheduler {

    private long now = 1_000_000_000L;
    private long seq;
    private final List<Timed> timed = new ArrayList<>();
    private final Deque<Runnable> queue = new ArrayDeque<>();

    private record Timed(long due, long seq, Runnable task, boolean[] cancelled) {
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, Duration delay) {
        boolean[] cancelled = {false};
        timed.add(new Timed(now + Math.max(0, delay.toNanos()), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public synchronized void execute(Runnable task) {
        queue.add(task);
    }

    @Override
    public boolean inLoop() {
        return true;
    }

    /** Runs the queued tasks (those they queue too). */
    void runQueued() {
        while (true) {
            Runnable r;
            synchronized (this) {
                r = queue.poll();
            }
            if (r == null) {
                return;
            }
            r.run();
        }
    }

    /** Moves time forward, running queued tasks and timers as they fall due. */
    void advance(Duration d) {
        long end = now + d.toNanos();
        runQueued();
        while (true) {
            Timed next;
            synchronized (this) {
                next = timed.stream().filter(t -> t.due() <= end)
                        .min(Comparator.comparingLong(Timed::due).thenComparingLong(Timed::seq)).orElse(null);
                if (next == null) {
                    now = end;
                    break;
                }
                timed.remove(next);
                now = Math.max(now, next.due());
            }
            if (!next.cancelled()[0]) {
                next.task().run();
            }
            runQueued();
        }
    }
}
