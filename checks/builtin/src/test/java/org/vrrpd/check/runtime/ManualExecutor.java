package org.vrrpd.check.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/** An executor that queues work until the test runs it, so "still running" is a state the test controls. */
final class ManualExecutor implements Executor {

    private final Deque<Runnable> queue = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable command) {
        queue.add(command);
    }

    synchronized int pending() {
        return queue.size();
    }

    /** Runs the oldest queued task on the calling thread. */
    void runNext() {
        Runnable r;
        synchronized (this) {
            r = queue.poll();
        }
        if (r == null) {
            throw new IllegalStateException("nothing queued");
        }
        r.run();
    }

    void runAll() {
        while (pending() > 0) {
            runNext();
        }
    }
}
