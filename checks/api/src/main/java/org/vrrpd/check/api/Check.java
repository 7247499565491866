package org.vrrpd.check.api;

/**
 * One health check instance, created by a {@link CheckFactory} from its typed configuration.
 *
 * <p>The scheduler calls {@link #run} on a worker thread, never on the protocol thread, with at most one run
 * in flight per check. A run should honour {@link CheckContext#deadline()}; the scheduler treats a run that
 * outlives its timeout as a failure whether or not it ever returns. A run may throw: the exception becomes a
 * {@link CheckResult#down down} result carrying its message.
 */
public interface Check extends AutoCloseable {

    /** Probes the service once and reports what it saw. */
    CheckResult run(CheckContext context) throws Exception;

    /** Releases whatever the check holds between runs (sockets, files). Called once, on removal or reload. */
    @Override
    default void close() {
    }
}
