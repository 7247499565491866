package org.vrrpd.check.runtime;

/**
 * What the daemon implements to hear from a {@link CheckScheduler}. Calls come from the scheduler's timer or
 * worker threads, one at a time and in order; implementations must return quickly (hand the value to the
 * protocol thread and return) and must not call back into the scheduler's {@code close()}.
 */
public interface CheckListener {

    /**
     * The effective priority, the fault state or some check's up/down state changed. Also called once with the
     * initial breakdown when the scheduler starts (every check down until it has risen).
     */
    void priorityChanged(PriorityBreakdown breakdown);

    /** A run finished, timed out or was skipped because the previous one was still in flight. */
    default void checkRan(CheckStatus status) {
    }
}
