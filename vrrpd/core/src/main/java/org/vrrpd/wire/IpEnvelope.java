package org.vrrpd.wire;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * The IP envelope of a VRRP message: what the network layer learned beside the payload, independent of any
 * socket structure. {@code ttl} is the IPv4 TTL or the IPv6 hop limit; {@code ifIndex} is the arrival (or
 * sending) interface, 0 when unknown.
 */
public record IpEnvelope(InetAddress source, InetAddress destination, int ttl, int ifIndex) {

    public IpEnvelope {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("ttl out of range: " + ttl);
        }
    }

    public boolean isIpv6() {
        return source instanceof Inet6Address;
    }
}
