package org.vrrpd.config;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import org.vrrpd.wire.AddressFamily;

/**
 * A policy rule added while the instance is Active ({@code virtual_rules:}, keepalived's {@code virtual_rules}):
 * after its VIPs, removed before them.
 *
 * @param family     the rule's family (from {@code from}/{@code to})
 * @param from       the source prefix, empty = any
 * @param fromLength its length
 * @param to         the destination prefix, empty = any
 * @param toLength   its length
 * @param table      the table to look up
 * @param priority   the rule's preference, 0 = the kernel picks one
 */
public record VirtualRule(AddressFamily family, Optional<InetAddress> from, int fromLength, Optional<InetAddress> to,
        int toLength, long table, long priority) {

    public VirtualRule {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
