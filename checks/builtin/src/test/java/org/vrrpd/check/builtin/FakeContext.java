package org.vrrpd.check.builtin;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.SecretFiles;

/** A hand-written context: the system clock, a deadline {@code timeout} from now, and the real secret rule. */
final class FakeContext implements CheckContext {

    private final Instant deadline;

    FakeContext(Duration timeout) {
        this.deadline = Clock.systemUTC().instant().plus(timeout);
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public String readSecret(Path file) throws CheckConfigException {
        return SecretFiles.read(file);
    }
}
