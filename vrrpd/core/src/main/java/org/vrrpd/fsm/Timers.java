package org.vrrpd.fsm;

import java.time.Duration;

/**
 * The derived timers of RFC 9568 §6.1 and RFC 3768 §6.1, in one place.
 *
 * <p>VRRPv3: {@code Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256} and
 * {@code Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time}, where Master_Adver_Interval is learned
 * from the Master's adverts. VRRPv2: {@code Skew_Time = (256 - Priority) / 256} seconds and
 * {@code Master_Down_Interval = 3 * Advertisement_Interval + Skew_Time}.
 *
 * <p>The RFC counts in centiseconds; we keep the exact quotient down to the nanosecond instead of truncating it
 * to whole centiseconds, so that adjacent priorities never get equal skews (with a 1 s interval, priorities 100
 * and 101 would both get 60 cs after truncation, and their down timers would fire together).
 */
public final class Timers {

    private static final long NANOS_PER_CS = 10_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Timers() {
    }

    /** An interval in centiseconds as a Duration. */
    public static Duration centiseconds(int cs) {
        return Duration.ofNanos(cs * NANOS_PER_CS);
    }

    /**
     * Skew_Time for our own {@code priority}.
     *
     * @param masterAdverIntervalCs the learned Master_Adver_Interval (v3); ignored in v2
     */
    public static Duration skewTime(int version, int priority, int masterAdverIntervalCs) {
        if (priority < 0 || priority > 255) {
            throw new IllegalArgumentException("priority out of range: " + priority);
        }
        if (version == 2) {
            return Duration.ofNanos((256L - priority) * NANOS_PER_SECOND / 256);
        }
        return Duration.ofNanos((256L - priority) * masterAdverIntervalCs * NANOS_PER_CS / 256);
    }

    /**
     * Master_Down_Interval: three intervals plus Skew_Time.
     *
     * @param intervalCs v3: the learned Master_Adver_Interval; v2: our Advertisement_Interval
     */
    public static Duration masterDownInterval(int version, int priority, int intervalCs) {
        return centiseconds(intervalCs).multipliedBy(3).plus(skewTime(version, priority, intervalCs));
    }
}
