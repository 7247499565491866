package org.vrrpd.config;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A route added while the instance is Active ({@code virtual_routes:}, keepalived's {@code virtual_routes}):
 * after its VIPs, removed before them.
 *
 * @param to           the destination prefix
 * @param prefixLength its length
 * @param via          the gateway, of the destination's family; empty = a route on the link
 * @param dev          the output interface; empty = the interface the instance's VIPs are on
 * @param table        the routing table, default 254 (main)
 * @param metric       the route's metric (priority), 0 = the kernel's default
 */
public record VirtualRoute(InetAddress to, int prefixLength, Optional<InetAddress> via, Optional<String> dev,
        long table, long metric) {

    public static final long MAIN_TABLE = 254;

    public VirtualRoute {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(dev, "dev");
    }
}
