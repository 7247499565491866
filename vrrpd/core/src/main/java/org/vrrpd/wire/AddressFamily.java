package org.vrrpd.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The address family of a VRRP router: VRRP runs one router per family (RFC 9568 §1). The one family type of the
 * code base: the configuration, the codec, the sockets and the netlink code all use it, so nothing maps between
 * family types. It carries what they need: the address length in an advertisement (§5.2.9), the IANA multicast
 * group adverts go to (§5.1.1.2, §5.1.2.2), the longest prefix, and Linux's number for the family.
 */
public enum AddressFamily {
    IPV4(4, new byte[] {(byte) 224, 0, 0, 18}, 2),
    IPV6(16, new byte[] {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12}, 10);

    private final int addressLength;
    private final InetAddress group;
    private final int kernelNumber;

    AddressFamily(int addressLength, byte[] group, int kernelNumber) {
        this.addressLength = addressLength;
        this.group = address(group);
        this.kernelNumber = kernelNumber;
    }

    /** Bytes per address on the wire: 4 or 16. */
    public int addressLength() {
        return addressLength;
    }

    /** The longest prefix length: 32 or 128. */
    public int maxPrefixLength() {
        return addressLength * 8;
    }

    /** The VRRP multicast group: 224.0.0.18 or ff02::12. */
    public InetAddress group() {
        return group;
    }

    /**
     * Linux's number for the family, {@code AF_INET} (2) or {@code AF_INET6} (10), as the socket calls and the
     * netlink messages spell it.
     */
    public int kernelNumber() {
        return kernelNumber;
    }

    /** The family with Linux number {@code number}; empty for any other family (AF_UNSPEC, AF_BRIDGE...). */
    public static Optional<AddressFamily> ofKernelNumber(int number) {
        for (AddressFamily f : values()) {
            if (f.kernelNumber == number) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The family of {@code address}; IPv4-mapped IPv6 addresses are IPv4 in Java and are reported so. */
    public static AddressFamily of(InetAddress address) {
        return address instanceof Inet6Address ? IPV6 : IPV4;
    }

    /** Whether {@code address} belongs to this family. */
    public boolean matches(InetAddress address) {
        return this == IPV4 ? address instanceof Inet4Address : address instanceof Inet6Address;
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
