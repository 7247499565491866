package org.vrrpd.net.netlink;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.Addresses;

/**
 * A unicast route as vrrpd adds it for {@code virtual_routes} (keepalived's {@code virtual_routes}):
 * destination prefix, optional gateway, output interface, table and metric.
 *
 * @param destination the destination network (host bits may be set; the kernel keys by prefix)
 * @param prefixLength 0..32 or 0..128
 * @param gateway     the next hop, of the same family; empty = a device route (scope link)
 * @param ifindex     the output interface
 * @param table       the routing table, 1..2^32-1 (254 = main)
 * @param metric      RTA_PRIORITY, 0 = the kernel's default
 */
public record Route(InetAddress destination, int prefixLength, Optional<InetAddress> gateway, int ifindex, long table,
        long metric) {

    public static final long MAIN_TABLE = 254;

    public Route {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(gateway, "gateway");
        int max = AddressFamily.of(destination).addressLength() * 8;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0.." + max);
        }
        if (gateway.isPresent() && AddressFamily.of(gateway.get()) != AddressFamily.of(destination)) {
            throw new IllegalArgumentException("gateway " + Addresses.text(gateway.get()) + " is not of the"
                    + " destination's family");
        }
        if (table < 1 || table > 0xFFFFFFFFL || metric < 0 || metric > 0xFFFFFFFFL || ifindex < 1) {
            throw new IllegalArgumentException("table " + table + ", metric " + metric + " or ifindex " + ifindex
                    + " out of range");
        }
    }

    public AddressFamily family() {
        return AddressFamily.of(destination);
    }

    @Override
    public String toString() {
        return Addresses.text(destination) + "/" + prefixLength + gateway.map(g -> " via " + Addresses.text(g))
                .orElse("") + " ifindex " + ifindex + " table " + table + (metric > 0 ? " metric " + metric : "");
    }
}
