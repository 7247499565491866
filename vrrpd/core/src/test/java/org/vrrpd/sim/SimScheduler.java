package org.vrrpd.sim;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A fake clock and a queue of timed tasks. Tasks due at the same instant run in the order they were scheduled,
 * so a run is a pure function of its inputs.
 */
final class SimScheduler {

    private record Task(long at, long seq, Runnable body) {
    }

    private final PriorityQueue<Task> queue =
            new PriorityQueue<>(Comparator.comparingLong(Task::at).thenComparingLong(Task::seq));
    private long now;
    private long seq;

    long now() {
        return now;
    }

    void schedule(long delayNanos, Runnable body) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("negative delay " + delayNanos);
        }
        queue.add(new Task(now + delayNanos, seq++, body));
    }

    /** Run every task due at or before {@code until}, then set the clock to {@code until}. */
    void runUntil(long until) {
        while (!queue.isEmpty() && queue.peek().at() <= until) {
            Task t = queue.poll();
            now = t.at();
            t.body().run();
        }
        now = Math.max(now, until);
    }
}
