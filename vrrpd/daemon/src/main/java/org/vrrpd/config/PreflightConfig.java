package org.vrrpd.config;

import java.util.Objects;

/**
 * {@code preflight:} of one instance: how long it listens to its VRID after start before it may claim Master,
 * and what an incompatible peer heard on the segment does to it.
 *
 * @param listenIntervals advert intervals to listen after start (0..255, default 3); with the default a Backup
 *                        waits no longer than its Master_Down_Interval, which it waits anyway
 * @param onIncompatible  {@link OnIncompatible#WARN} (log only, the default) or {@link OnIncompatible#HOLD}
 */
public record PreflightConfig(int listenIntervals, OnIncompatible onIncompatible) {

    public static final int DEFAULT_LISTEN_INTERVALS = 3;
    public static final PreflightConfig DEFAULT = new PreflightConfig(DEFAULT_LISTEN_INTERVALS, OnIncompatible.WARN);

    /** What a peer that would split the brain (version, authentication, VIPs, v2 interval) does to us. */
    public enum OnIncompatible {
        /** Log an error naming the peer and the fix; the election runs as without a preflight. */
        WARN,
        /** As WARN, and stay out of Master (Backup, with a status reason) while such a peer is heard. */
        HOLD
    }

    public PreflightConfig {
        if (listenIntervals < 0 || listenIntervals > 255) {
            throw new IllegalArgumentException("listenIntervals out of range 0..255: " + listenIntervals);
        }
        Objects.requireNonNull(onIncompatible, "onIncompatible");
    }

    public boolean hold() {
        return onIncompatible == OnIncompatible.HOLD;
    }
}
