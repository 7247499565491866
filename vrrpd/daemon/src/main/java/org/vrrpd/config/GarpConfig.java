package org.vrrpd.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Gratuitous ARP / unsolicited NA behaviour on becoming Active, with keepalived's names and defaults
 * ({@code vrrp.h} VRRP_GARP_DELAY, VRRP_GARP_REP, VRRP_GARP_REFRESH; {@code global_data.c}).
 *
 * @param masterDelay   {@code garp_master_delay}: when to send the second burst after becoming Active; default 5 s
 * @param masterRepeat  {@code garp_master_repeat}: messages per burst; default 5
 * @param masterRefresh {@code garp_master_refresh}: re-announce period while Active; {@link Duration#ZERO} = off (default)
 * @param interval      {@code garp_interval}: gap between messages of a burst; default 0 (back to back)
 * @param lowerPrioDelay  {@code garp_lower_prio_delay}: when a lower-priority advert is seen while Active, when to
 *                        send the second burst; default {@code masterDelay} (keepalived: the global garp delay)
 * @param lowerPrioRepeat {@code garp_lower_prio_repeat}: messages per burst then; 0 = none; default
 *                        {@code masterRepeat}
 * @param refreshRepeat   {@code garp_master_refresh_repeat}: messages at each refresh; default 1
 */
public record GarpConfig(Duration masterDelay, int masterRepeat, Duration masterRefresh, Duration interval,
        Duration lowerPrioDelay, int lowerPrioRepeat, int refreshRepeat) {

    public static final GarpConfig KEEPALIVED_DEFAULTS =
            new GarpConfig(Duration.ofSeconds(5), 5, Duration.ZERO, Duration.ZERO);

    public GarpConfig {
        Objects.requireNonNull(masterDelay, "masterDelay");
        Objects.requireNonNull(masterRefresh, "masterRefresh");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(lowerPrioDelay, "lowerPrioDelay");
    }

    /** keepalived's defaults for the lower-priority and refresh bursts (the master burst's delay and repeat, 1). */
    public GarpConfig(Duration masterDelay, int masterRepeat, Duration masterRefresh, Duration interval) {
        this(masterDelay, masterRepeat, masterRefresh, interval, masterDelay, masterRepeat, 1);
    }

    /** The bursts sent when a lower-priority advert is seen while Active: no refresh. */
    public GarpConfig forLowerPriority() {
        return new GarpConfig(lowerPrioDelay, lowerPrioRepeat, Duration.ZERO, interval, lowerPrioDelay,
                lowerPrioRepeat, refreshRepeat);
    }

    public boolean refreshEnabled() {
        return !masterRefresh.isZero();
    }
}
