package org.vrrpd.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** The address family of a VRRP router: it fixes the address length in an advertisement (RFC 9568 §5.2.9). */
public enum AddressFamily {
    IPV4(4),
    IPV6(16);

    private final int addressLength;

    AddressFamily(int addressLength) {
        this.addressLength = addressLength;
    }

    /** Bytes per address on the wire: 4 or 16. */
    public int addressLength() {
        return addressLength;
    }

    /** The family of {@code address}; IPv4-mapped IPv6 addresses are IPv4 in Java and are reported so. */
    public static AddressFamily of(InetAddress address) {
        return address instanceof Inet6Address ? IPV6 : IPV4;
    }

    /** Whether {@code address} belongs to this family. */
    public boolean matches(InetAddress address) {
        return this == IPV4 ? address instanceof Inet4Address : address instanceof Inet6Address;
    }
}
