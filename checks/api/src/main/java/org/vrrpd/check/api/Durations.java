package org.vrrpd.check.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * Parses the durations operators write in the YAML: {@code 10ms}, {@code 1s}, {@code 1.5s}, {@code 2m}, or a
 * bare number meaning seconds (as keepalived's {@code advert_int} and {@code interval} do).
 */
public final class Durations {

    private Durations() {
    }

    /** Returns the duration, or throws {@link IllegalArgumentException} saying what was expected. */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim();
        String number = s;
        long unitNanos = 1_000_000_000L;
        if (s.endsWith("ms")) {
            number = s.substring(0, s.length() - 2);
            unitNanos = 1_000_000L;
        } else if (s.endsWith("us")) {
            number = s.substring(0, s.length() - 2);
            unitNanos = 1_000L;
        } else if (s.endsWith("s")) {
            number = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            number = s.substring(0, s.length() - 1);
            unitNanos = 60_000_000_000L;
        }
        try {
            BigDecimal value = new BigDecimal(number.trim());
            if (value.signum() < 0) {
                throw new IllegalArgumentException("negative duration '" + text + "'");
            }
            return Duration.ofNanos(value.multiply(BigDecimal.valueOf(unitNanos)).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    "not a duration: '" + text + "' (expected e.g. 100ms, 1s, 1.5s, 2m, or seconds as a number)");
        }
    }

    /** The short form messages use: {@code 250ms}, {@code 2s}, {@code 1.5s} (milliseconds below one second). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms % 1000 == 0) {
            return (ms / 1000) + "s";
        }
        return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
