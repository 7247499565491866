package org.vrrpd.check.runtime;

import java.time.Duration;
import java.util.Objects;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckConfigException;

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
 */
public record ScheduledCheck(String name, Check check, Duration interval, Duration timeout, int rise, int fall,
                             int weight) {

    public ScheduledCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(check, "check");
        if (interval == null || interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("check '" + name + "': interval must be positive");
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("check '" + name + "': timeout must be positive");
        }
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("check '" + name + "': rise and fall must be at least 1");
        }
        if (weight < -253 || weight > 253) {
            throw new IllegalArgumentException("check '" + name + "': weight must be -253..253, got " + weight);
        }
    }

    /** Builds from a bound configuration; the name defaults to {@code type}. */
    public static ScheduledCheck of(String type, CheckConfig config, Check check) throws CheckConfigException {
        String name = config.name() == null || config.name().isBlank() ? type : config.name();
        try {
            return new ScheduledCheck(name, check, config.interval(), config.timeout(), config.rise(), config.fall(),
                    config.weight());
        } catch (IllegalArgumentException e) {
            throw new CheckConfigException(e.getMessage(), e);
        }
    }
}
