package org.vrrpd.check.host;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.CheckResult;

/**
 * A plugin check as the daemon's scheduler sees it: {@link #run} sends the run to the check's plugin host and
 * waits for the answer until the run's deadline (the scheduler's timeout interrupts it there), so the scheduler's timeouts, one-in-flight rule and hysteresis
 * apply unchanged. A dead host answers at once with its exit reason; an interrupt (the scheduler's timeout) ends
 * the wait.
 */
public final class RemoteCheck implements Check {

    /** How long past the deadline {@link #run} waits if the scheduler has not interrupted it. */
    static final Duration GRACE = Duration.ofMillis(250);

    private final PluginHost host;
    private final long id;
    private final AtomicLong seq = new AtomicLong();

    public RemoteCheck(PluginHost host, long id) {
        this.host = host;
        this.id = id;
    }

    public long id() {
        return id;
    }

    public PluginHost host() {
        return host;
    }

    @Override
    public CheckResult run(CheckContext context) throws Exception {
        Duration timeout = Duration.between(context.clock().instant(), context.deadline());
        if (timeout.isNegative() || timeout.isZero()) {
            timeout = Duration.ofMillis(1);
        }
        long n = seq.incrementAndGet();
        CompletableFuture<CheckResult> f = host.run(id, n, timeout);
        try {
            // the scheduler's own timeout interrupts this wait at the deadline and counts "timed out after 2s";
            // the grace only bounds the wait when nothing else does
            return f.get(timeout.plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            host.abandon(id, n);
            return CheckResult.down(timeout, "no answer from the plugin host within "
                    + HostedChecks.human(timeout.plus(GRACE)));
        } catch (InterruptedException e) {
            host.abandon(id, n);
            throw e;
        } catch (ExecutionException e) {
            return CheckResult.down(Duration.ZERO, "plugin host: " + e.getCause());
        }
    }

    @Override
    public void close() {
        host.unregister(id);
    }
}
