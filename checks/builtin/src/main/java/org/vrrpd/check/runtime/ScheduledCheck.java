package org.vrrpd.check.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.Durations;

/**
 * A check with the common settings the scheduler needs, validated.
 *
 * @param name     unique within the scheduler
 * @param check    the check itself
 * @param interval time between the starts of two runs
 * @param timeout  how long a run may take before it counts as a failure
 * @param rise     consecutive successes to turn up
 * @param fall     consecutive failures to turn down
 * @param weight   keepalived weight, -253..253
 * @param fastInterval time between the starts of two runs while the check's state is in doubt (a failure of an
 *                 up check not yet at {@code fall}, a success of a down check not yet at {@code rise}); at most
 *                 {@code interval}
 * @param pidFile  the service's pid file (absolute), or null: its process is watched and its exit is a failure at
 *                 once (see {@link ExitWatch})
 */
public record ScheduledCheck(String name, Check check, Duration interval, Duration timeout, int rise, int fall,
                             int weight, Duration fastInterval, Path pidFile) {

    /** Without a pid file. */
    public ScheduledCheck(String name, Check check, Duration interval, Duration timeout, int rise, int fall,
                          int weight, Duration fastInterval) {
        this(name, check, interval, timeout, rise, fall, weight, fastInterval, null);
    }

    /** With the default fast interval: {@code interval / 4}, at least 100 ms and at most the interval. */
    public ScheduledCheck(String name, Check check, Duration interval, Duration timeout, int rise, int fall,
                          int weight) {
        this(name, check, interval, timeout, rise, fall, weight, defaultFastInterval(interval));
    }

    /** {@code interval / 4}, at least 100 ms and at most the interval (see docs/CHECKS.md, "Schedule"). */
    public static Duration defaultFastInterval(Duration interval) {
        if (interval == null) {
            return null;
        }
        Duration quarter = interval.dividedBy(4);
        Duration floor = Duration.ofMillis(100);
        Duration d = quarter.compareTo(floor) < 0 ? floor : quarter;
        return d.compareTo(interval) > 0 ? interval : d;
    }

    public ScheduledCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(check, "check");
        if (interval == null || interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("check '" + name + "': interval must be positive");
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("check '" + name + "': timeout must be positive");
        }
        if (fastInterval == null || fastInterval.isZero() || fastInterval.isNegative()) {
            throw new IllegalArgumentException("check '" + name + "': fast_interval must be positive");
        }
        if (fastInterval.compareTo(interval) > 0) {
            throw new IllegalArgumentException("check '" + name + "': fast_interval (" + Durations.format(fastInterval)
                    + ") must not be longer than interval (" + Durations.format(interval) + ")");
        }
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("check '" + name + "': rise and fall must be at least 1");
        }
        if (pidFile != null && !pidFile.isAbsolute()) {
            throw new IllegalArgumentException("check '" + name + "': pid_file must be an absolute path, got "
                    + pidFile);
        }
        if (weight < -253 || weight > 253) {
            throw new IllegalArgumentException("check '" + name + "': weight must be -253..253, got " + weight);
        }
    }

    /** Builds from a bound configuration; the name defaults to {@code type}. */
    public static ScheduledCheck of(String type, CheckConfig config, Check check) throws CheckConfigException {
        String name = config.name() == null || config.name().isBlank() ? type : config.name();
        try {
            Path pidFile = config.pidFile() == null ? null : Path.of(config.pidFile());
            return new ScheduledCheck(name, check, config.interval(), config.timeout(), config.rise(), config.fall(),
                    config.weight(), config.fastInterval(), pidFile);
        } catch (IllegalArgumentException e) { // InvalidPathException too
            throw new CheckConfigException(e.getMessage(), e);
        }
    }
}
