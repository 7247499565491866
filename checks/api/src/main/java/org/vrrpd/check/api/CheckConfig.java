package org.vrrpd.check.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * Settings every check shares, with keepalived's {@code vrrp_script} defaults: interval 1 s, timeout equal to
 * the interval, rise 1, fall 1, weight 0. A check type's configuration class extends this one and adds its
 * own properties.
 *
 * <p>Weight follows keepalived: a positive weight is added to the priority while the check is up, a negative
 * weight is subtracted (as its absolute value) while it is down, and weight 0 puts the instance into Fault
 * while the check is down. The daemon clamps the effective priority to 1–254 and never changes an address
 * owner's 255.
 *
 * <p>{@code fast_interval} (not in keepalived; HAProxy's {@code fastinter}/{@code downinter}) is how often the
 * check runs while its state is in doubt: after a failure of an up check until {@code fall} is reached or a run
 * passes again, and after a success of a down check until {@code rise} is reached or a run fails again. It
 * defaults to a quarter of the interval, at least 100 ms and at most the interval.
 *
 * <p>{@code pid_file} (not in keepalived) names the service's pid file: the daemon watches that process through
 * the kernel (a pidfd) and the check is down the moment it exits, without waiting for {@code fall}.
 *
 * <p>Durations are written in the YAML as {@code 1s}, {@code 250ms}, {@code 1.5s} or a bare number of seconds
 * (see {@link Durations}).
 */
public abstract class CheckConfig {

    @JsonProperty("name")
    private String name;

    @JsonProperty("interval")
    private Duration interval = Duration.ofSeconds(1);

    @JsonProperty("timeout")
    private Duration timeout;

    @JsonProperty("fast_interval")
    private Duration fastInterval;

    @JsonProperty("pid_file")
    private String pidFile;

    @JsonProperty("rise")
    private int rise = 1;

    @JsonProperty("fall")
    private int fall = 1;

    @JsonProperty("weight")
    private int weight = 0;

    /** The check's name, unique within an instance; defaults to its type when not given. */
    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Duration interval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    /** The run's timeout; defaults to the interval, as keepalived's timeout 0 does. */
    public Duration timeout() {
        return timeout == null ? interval : timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * How often the check runs while its state is in doubt (between a first failure and {@code fall}, or a first
     * success and {@code rise}); defaults to {@code interval / 4}, at least 100 ms and at most the interval.
     */
    public Duration fastInterval() {
        if (fastInterval != null || interval == null) {
            return fastInterval;
        }
        Duration quarter = interval.dividedBy(4);
        Duration floor = Duration.ofMillis(100);
        Duration d = quarter.compareTo(floor) < 0 ? floor : quarter;
        return d.compareTo(interval) > 0 ? interval : d;
    }

    public void setFastInterval(Duration fastInterval) {
        this.fastInterval = fastInterval;
    }

    /**
     * The service's pid file, or null: the daemon watches the process it names and turns the check down the moment
     * that process exits, and a run is down while the file is missing or names no running process.
     */
    public String pidFile() {
        return pidFile;
    }

    public void setPidFile(String pidFile) {
        this.pidFile = pidFile;
    }

    /** Consecutive successes needed to go from down to up. */
    public int rise() {
        return rise;
    }

    public void setRise(int rise) {
        this.rise = rise;
    }

    /** Consecutive failures needed to go from up to down. */
    public int fall() {
        return fall;
    }

    public void setFall(int fall) {
        this.fall = fall;
    }

    public int weight() {
        return weight;
    }

    public void setWeight(int weight) {
        this.weight = weight;
    }
}
