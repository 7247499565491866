package org.vrrpd.check.testkit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.SecretFiles;

/**
 * A {@link CheckContext} for unit tests: a {@link ManualClock} and a deadline {@code timeout} after the clock's
 * time at creation, as the daemon gives each run. Secrets come from {@link #secret} when set for that file, or
 * else from the file with the daemon's rule ({@link SecretFiles}: owner root or this user, mode 0600/0400).
 */
public final class FakeCheckContext implements CheckContext {

    private final ManualClock clock;
    private final Instant deadline;
    private final Duration timeout;
    private final Map<Path, String> secrets = new HashMap<>();

    public FakeCheckContext(ManualClock clock, Duration timeout) {
        this.clock = clock;
        this.deadline = clock.instant().plus(timeout);
        this.timeout = timeout;
    }

    /** The run's timeout: the deadline is this long after the clock's time when the context was made. */
    public Duration timeout() {
        return timeout;
    }

    /** A fresh manual clock and a 2 s timeout (the daemon's default). */
    public FakeCheckContext() {
        this(new ManualClock(), Duration.ofSeconds(2));
    }

    /** Answers {@link #readSecret} for {@code file} with {@code value}, without touching the file system. */
    public FakeCheckContext secret(Path file, String value) {
        secrets.put(file, value);
        return this;
    }

    public ManualClock manualClock() {
        return clock;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public String readSecret(Path file) throws CheckConfigException {
        String s = secrets.get(file);
        return s != null ? s : SecretFiles.read(file, SecretFiles.currentUid());
    }
}
