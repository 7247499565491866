package org.vrrpd.check.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.SecretFiles;

/**
 * The context the scheduler lends each run: its clock, the run's deadline, 0600-checked secrets, and the logger
 * that writes the check's own lines to the daemon's log with its instance and check names.
 */
public record RuntimeCheckContext(Clock clock, Instant deadline, int daemonUid, System.Logger logger)
        implements CheckContext {

    /** With the platform logger {@code org.vrrpd.check} (no instance or check names). */
    public RuntimeCheckContext(Clock clock, Instant deadline, int daemonUid) {
        this(clock, deadline, daemonUid, System.getLogger("org.vrrpd.check"));
    }

    @Override
    public String readSecret(Path file) throws CheckConfigException {
        return SecretFiles.read(file, daemonUid);
    }
}
