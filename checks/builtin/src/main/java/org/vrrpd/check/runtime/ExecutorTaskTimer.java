package org.vrrpd.check.runtime;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link TaskTimer}: one daemon thread that only fires timers and hands work to the worker pool,
 * so a check never runs on it and cannot delay another check's timer.
 */
public final class ExecutorTaskTimer implements TaskTimer, AutoCloseable {

    private final ScheduledThreadPoolExecutor executor;

    public ExecutorTaskTimer(String threadName) {
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        // A run's timeout and late timers are cancelled when it ends in time, nearly always: removed from the
        // queue then, they do not wake the thread for nothing (two wake-ups a run saved).
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        long nanos = Math.max(0, delay.toNanos());
        ScheduledFuture<?> future = executor.schedule(task, nanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    /** Timers waiting to fire (cancelled ones are not among them). */
    int pending() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
