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
 */
public record GarpConfig(Duration masterDelay, int masterRepeat, Duration masterRefresh, Duration interval) {

    public static final GarpConfig KEEPALIVED_DEFAULTS =
            new GarpConfig(Duration.ofSeconds(5), 5, Duration.ZERO, Duration.ZERO);

    public GarpConfig {
        Objects.requireNonNull(masterDelay, "masterDelay");
        Objects.requireNonNull(masterRefresh, "masterRefresh");
        Objects.requireNonNull(interval, "interval");
    }

    public boolean refreshEnabled() {
        return !masterRefresh.isZero();
    }
}
