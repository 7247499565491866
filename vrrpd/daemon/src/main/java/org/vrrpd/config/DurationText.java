package org.vrrpd.config;

import java.time.Duration;

/** Prints durations the way operators write them ({@code 1s}, {@code 150ms}, {@code 1.5s}). */
final class DurationText {

    private DurationText() {
    }

    static String show(Duration d) {
        long nanos = d.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return d.getSeconds() + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return d.toMillis() + "ms";
        }
        return java.math.BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString() + "s";
    }
}
