package org.vrrpd.check.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.SecretFiles;

/** The context the scheduler lends each run: its clock, the run's deadline, and 0600-checked secrets. */
public record RuntimeCheckContext(Clock clock, Instant deadline, int daemonUid) implements CheckContext {

    @Override
    public String readSecret(Path file) throws CheckConfigException {
        return SecretFiles.read(file, daemonUid);
    }
}
