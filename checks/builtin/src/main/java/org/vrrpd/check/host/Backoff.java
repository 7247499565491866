package org.vrrpd.check.host;

import java.time.Duration;

/**
 * The delay before a crashed plugin host is started again: 1 s, doubling on each crash up to 30 s, back to 1 s
 * once a host has stayed up for {@link #STABLE}. Not thread-safe; the owner synchronises.
 */
public final class Backoff {

    public static final Duration FIRST = Duration.ofSeconds(1);
    public static final Duration MAX = Duration.ofSeconds(30);
    /** A host that ran this long before dying counts as a fresh start. */
    public static final Duration STABLE = Duration.ofSeconds(60);

    private final Duration first;
    private final Duration max;
    private Duration next;

    public Backoff() {
        this(FIRST, MAX);
    }

    public Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
        this.next = first;
    }

    /** The delay for this crash; the one after it is twice as long, up to the maximum. */
    public Duration next() {
        Duration d = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return d;
    }

    /** Called with how long the host ran before it died: a long run resets the delay. */
    public Duration afterRun(Duration ranFor) {
        if (ranFor.compareTo(STABLE) >= 0) {
            next = first;
        }
        return next();
    }

    public void reset() {
        next = first;
    }
}
