package org.vrrpd.net.netlink;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.Addresses;

/**
 * A policy routing rule as vrrpd adds it for {@code virtual_rules} (keepalived's {@code virtual_rules}): traffic
 * from and/or to a prefix looks up {@code table}.
 *
 * @param family   IPv4 or IPv6
 * @param from     the source prefix (FRA_SRC), empty = any
 * @param fromLength its length
 * @param to       the destination prefix (FRA_DST), empty = any
 * @param toLength its length
 * @param table    the table to look up, 1..2^32-1
 * @param priority FRA_PRIORITY (the rule's order), 0 = the kernel picks one
 */
public record Rule(AddressFamily family, Optional<InetAddress> from, int fromLength, Optional<InetAddress> to,
        int toLength, long table, long priority) {

    public Rule {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        int max = family.addressLength() * 8;
        for (Optional<InetAddress> a : List.of(from, to)) {
            if (a.isPresent() && AddressFamily.of(a.get()) != family) {
                throw new IllegalArgumentException(Addresses.text(a.get()) + " is not " + family);
            }
        }
        if (fromLength < 0 || fromLength > max || toLength < 0 || toLength > max
                || (from.isEmpty() && fromLength != 0) || (to.isEmpty() && toLength != 0)) {
            throw new IllegalArgumentException("prefix lengths " + fromLength + "/" + toLength + " out of range");
        }
        if (table < 1 || table > 0xFFFFFFFFL || priority < 0 || priority > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("table " + table + " or priority " + priority + " out of range");
        }
    }

    @Override
    public String toString() {
        return (priority > 0 ? priority + ": " : "") + "from " + from.map(a -> Addresses.text(a) + "/" + fromLength)
                .orElse("all") + to.map(a -> " to " + Addresses.text(a) + "/" + toLength).orElse("")
                + " lookup " + table;
    }
}
