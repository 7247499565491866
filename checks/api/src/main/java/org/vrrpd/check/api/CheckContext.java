package org.vrrpd.check.api;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * What the daemon lends a check for one run. Tests use a hand-written fake.
 */
public interface CheckContext {

    /**
     * The clock the daemon schedules checks on; checks measure latency and time left with it. In the daemon it is
     * monotonic: it reads the wall clock once at start-up and then only moves forward with the system's monotonic
     * time, so {@code Duration.between(clock().instant(), deadline())} is the run's true time left even when NTP or
     * an operator steps the system clock during the run. Its instants may therefore differ from the wall clock's:
     * use it to measure, not to stamp times people read.
     */
    Clock clock();

    /**
     * When this run's timeout expires, on {@link #clock()}'s time line; sockets and reads should not wait past it.
     * Compare it only with {@code clock().instant()}, never with {@link Instant#now()}.
     */
    Instant deadline();

    /**
     * Reads a secret (a probe account's password) from a file that must be owned by the daemon's user or root
     * and readable by no one else (mode 0600 or 0400); throws with a clear reason otherwise.
     */
    String readSecret(Path file) throws CheckConfigException;

    /**
     * Where the check writes its own log lines. In the daemon they go to the daemon's log (the journal) at the
     * level given, prefixed with the instance and check names ({@code mail/queue: 12 deferred}); a plugin's lines
     * travel from its plugin host to the daemon. Keep it for events worth an operator's attention: the run's result
     * and message are already logged when the check changes state. The default (a context outside the daemon) is
     * the platform logger {@code org.vrrpd.check}.
     *
     * <p>A default method: contexts written before it still compile and link (the API compatibility check).
     */
    default System.Logger logger() {
        return System.getLogger("org.vrrpd.check");
    }
}
