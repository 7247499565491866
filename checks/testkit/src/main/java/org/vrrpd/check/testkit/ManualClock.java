package org.vrrpd.check.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when told: {@link #advance} by hand, or by {@link #tickOnRead} on every read, which
 * stands for a check whose I/O takes that long each time it looks at the clock.
 */
public final class ManualClock extends Clock {

    private Instant now;
    private Duration tick = Duration.ZERO;

    public ManualClock(Instant start) {
        this.now = start;
    }

    /** Starts at 2026-01-01T00:00:00Z. */
    public ManualClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** Moves the clock forward. */
    public synchronized ManualClock advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a clock does not go back: " + d);
        }
        now = now.plus(d);
        return this;
    }

    /** Every later {@link #instant()} first moves the clock by {@code d} (zero turns it off). */
    public synchronized ManualClock tickOnRead(Duration d) {
        tick = d;
        return this;
    }

    @Override
    public synchronized Instant instant() {
        now = now.plus(tick);
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a manual clock is UTC only");
    }
}
