package org.vrrpd.check.runtime;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A {@link Clock} that never jumps: it reads the wall clock once, when it is made, and from then on adds the time
 * a monotonic ticker ({@link System#nanoTime()} in production) says has passed. Stepping the system clock (NTP,
 * an operator's {@code date -s}) does not move it, so every interval, deadline and timeout computed from it keeps
 * its length. Its instants are close to the wall clock's only until the wall clock is stepped or drifts: use it
 * to measure and schedule, never to stamp what people read.
 */
public final class MonotonicClock extends Clock {

    private final LongSupplier ticker;
    private final Instant anchor;
    private final long anchorNanos;

    /**
     * @param ticker nanoseconds from an arbitrary origin that only move forward (tests pass a fake)
     * @param anchor the instant the ticker's current reading stands for
     */
    public MonotonicClock(LongSupplier ticker, Instant anchor) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.anchor = Objects.requireNonNull(anchor, "anchor");
        this.anchorNanos = ticker.getAsLong();
    }

    /** {@link System#nanoTime()}, anchored at the wall clock's time now. */
    public static MonotonicClock system() {
        return new MonotonicClock(System::nanoTime, Instant.now());
    }

    @Override
    public Instant instant() {
        return anchor.plusNanos(ticker.getAsLong() - anchorNanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
