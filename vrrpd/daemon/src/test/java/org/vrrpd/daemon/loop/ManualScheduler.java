package org.vrrpd.daemon.loop;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;

/**
 * A protocol thread for tests: virtual time that moves only when the test says so, and tasks run in due order
 * on the test's thread. Deliveries from the in-memory LAN go through {@link #asExecutor()}, so every event is
 * serial, as on the real event loop.
 */
public final class ManualScheduler implements ProtocolScheduler {

    private record Task(long at, long seq, Runnable run, boolean[] cancelled) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now = 1_000_000_000L;
    private long seq;
    private long lateness;

    /** Every task from now on runs this much after its due time (event-loop latency). */
    public void lateBy(Duration d) {
        lateness = d.toNanos();
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        boolean[] cancelled = {false};
        queue.add(new Task(now + delay.toNanos(), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public void execute(Runnable task) {
        schedule(task, Duration.ZERO);
    }

    @Override
    public boolean inLoop() {
        return true;
    }

    public Executor asExecutor() {
        return this::execute;
    }

    /** Runs everything due up to now + d, in order, advancing the clock to each task's time. */
    public void advance(Duration d) {
        long until = now + d.toNanos();
        while (!queue.isEmpty() && queue.peek().at() + lateness <= until) {
            Task t = queue.poll();
            now = Math.max(now, t.at() + lateness);
            if (!t.cancelled()[0]) {
                t.run().run();
            }
        }
        now = until;
    }

    /** Moves the clock without running anything: time a task spends working on the loop. */
    public void spend(Duration d) {
        now += d.toNanos();
    }

    /** Runs what is due now (zero-delay tasks and deliveries). */
    public void runDue() {
        advance(Duration.ZERO);
    }
}
