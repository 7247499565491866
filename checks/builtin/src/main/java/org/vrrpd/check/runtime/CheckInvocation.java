package org.vrrpd.check.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.check.api.CheckResult;

/** One run of a check on the calling thread, isolated: whatever the check throws becomes a down result. */
final class CheckInvocation {

    private static final Logger LOG = LoggerFactory.getLogger(CheckScheduler.class);

    private CheckInvocation() {
    }

    /**
     * Runs {@code check} with a context whose clock is {@code monotonic} and whose deadline is {@code deadline};
     * {@code label} names the check in the log line of a {@link VirtualMachineError} other than running out of heap.
     */
    static CheckResult run(ScheduledCheck check, Clock monotonic, Instant started, Instant deadline, int daemonUid,
                           String label) {
        try {
            CheckResult result = check.check().run(new RuntimeCheckContext(monotonic, deadline, daemonUid,
                    CheckLoggers.daemon(check.name())));
            return result != null ? result
                    : CheckResult.down(Duration.between(started, monotonic.instant()), "check returned no result");
        } catch (Throwable t) { // NOPMD - isolation: whatever a check throws, only its own result suffers
            if (t instanceof VirtualMachineError && !(t instanceof OutOfMemoryError)) {
                LOG.error("{} hit {}", label, t.toString());
            }
            return CheckResult.down(Duration.between(started, monotonic.instant()), describe(t));
        }
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        return "check threw " + t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
