package org.vrrpd.check.testkit;

import java.time.Duration;
import java.time.Instant;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.api.Durations;

/**
 * Runs a check once and reports what the daemon would count: its result; {@code check returned no result} for
 * null; {@code check threw X: message} for an exception; and {@code timed out after 2s} (DOWN) when the context's
 * clock passed the deadline before the run returned, whatever the check answered (the daemon interrupts a run at
 * its deadline and never sees a late answer).
 */
public final class CheckRuns {

    private CheckRuns() {
    }

    public static CheckResult runOnce(Check check, CheckContext context) {
        Instant start = context.clock().instant();
        Duration timeout = context instanceof FakeCheckContext f ? f.timeout()
                : Duration.between(start, context.deadline());
        CheckResult r;
        try {
            r = check.run(context);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.down(timeout, "timed out after " + Durations.format(timeout));
        } catch (Exception | LinkageError e) {
            String m = e.getMessage();
            return CheckResult.down(Duration.between(start, context.clock().instant()),
                    "check threw " + e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m));
        }
        if (context.clock().instant().isAfter(context.deadline())) {
            return CheckResult.down(timeout, "timed out after " + Durations.format(timeout));
        }
        return r != null ? r : CheckResult.down(Duration.between(start, context.clock().instant()),
                "check returned no result");
    }
}
