package org.vrrpd.check.api;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * What the daemon lends a check for one run. Tests use a hand-written fake.
 */
public interface CheckContext {

    /** The clock the daemon runs on; checks measure latency with it. */
    Clock clock();

    /** When this run's timeout expires; sockets and reads should not wait past it. */
    Instant deadline();

    /**
     * Reads a secret (a probe account's password) from a file that must be owned by the daemon's user or root
     * and readable by no one else (mode 0600 or 0400); throws with a clear reason otherwise.
     */
    String readSecret(Path file) throws CheckConfigException;
}
