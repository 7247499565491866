package org.vrrpd.check.runtime;

/**
 * What the daemon implements to hear from a {@link CheckScheduler}: the checks only report results. Calls come
 * from the scheduler's timer or worker threads, one at a time and in order; implementations must return quickly
 * (hand the value to the protocol thread and return) and must not call back into the scheduler's {@code close()}.
 */
@FunctionalInterface
public interface CheckListener {

    /** A run finished, timed out or was skipped because the previous one was still in flight. */
    void checkRan(CheckStatus status);
}
