package org.vrrpd.check.runtime;

import java.time.Instant;

/**
 * A run started beside a late one ({@link CheckScheduler}, "A late run"): its own start, deadline, thread and
 * timeout. Guarded by the scheduler's lock.
 */
final class SecondRun {
    final Instant started;
    final Instant deadline;
    Thread thread;
    TaskTimer.Cancellable timeoutHandle;
    boolean timedOut;
    boolean done;

    SecondRun(Instant started, Instant deadline) {
        this.started = started;
        this.deadline = deadline;
    }
}
