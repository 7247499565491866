package org.vrrpd.daemon.loop;

import java.time.Duration;

/**
 * The protocol thread as the drivers see it: a monotonic clock, a way to run something later on that thread,
 * and a way to hop onto it. Netty's event loop implements it in the daemon; tests use a manual clock.
 */
public interface ProtocolScheduler {

    /** Monotonic nanoseconds, the timebase the state machine's {@code now} uses. */
    long nanoTime();

    /** Runs {@code task} on the protocol thread after {@code delay}; the handle cancels it. */
    Cancellable schedule(Runnable task, Duration delay);

    /**
     * Like {@link #schedule}, for a deadline that decides a takeover (the Master_Down_Timer): the task runs at
     * {@code delay}, never before it, and not a thread wake-up after it. The default is {@link #schedule}.
     */
    default Cancellable scheduleExact(Runnable task, Duration delay) {
        return schedule(task, delay);
    }

    /** Runs {@code task} on the protocol thread as soon as possible. */
    void execute(Runnable task);

    /** Whether the caller is on the protocol thread. */
    boolean inLoop();

    /** A scheduled task that can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
