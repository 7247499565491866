package org.vrrpd.check.runtime;

import java.time.Duration;

/**
 * Schedules one-shot tasks after a delay. The scheduler takes its time from this and a {@link java.time.Clock},
 * so tests drive it with a manual timer and a fake clock instead of sleeping.
 */
public interface TaskTimer {

    /** Runs {@code task} once after {@code delay} (zero or negative means as soon as possible). */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can be called off; cancelling one that already ran does nothing. */
    interface Cancellable {
        void cancel();
    }
}
