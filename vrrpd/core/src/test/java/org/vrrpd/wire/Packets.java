package org.vrrpd.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/** Test fixtures: documentation addresses, envelopes and byte surgery on encoded packets. */
final class Packets {

    static final InetAddress SRC4 = ip("192.0.2.1");
    static final InetAddress PEER4 = ip("192.0.2.2");
    static final InetAddress GROUP4 = ip("224.0.0.18");
    static final InetAddress VIP4_A = ip("192.0.2.100");
    static final InetAddress VIP4_B = ip("192.0.2.101");
    static final InetAddress SRC6 = ip("fe80::1");
    static final InetAddress PEER6 = ip("fe80::2");
    static final InetAddress GROUP6 = ip("ff02::12");
    static final InetAddress VIP6_LL = ip("fe80::100");
    static final InetAddress VIP6_GLOBAL = ip("2001:db8::100");

    static final IpEnvelope MCAST4 = new IpEnvelope(SRC4, GROUP4, 255, 2);
    static final IpEnvelope MCAST6 = new IpEnvelope(SRC6, GROUP6, 255, 2);

    private Packets() {
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    static VrrpAdvertisement v3Ipv4() {
        return VrrpAdvertisement.v3(51, 200, 100, List.of(VIP4_A, VIP4_B));
    }

    static VrrpAdvertisement v3Ipv6() {
        return VrrpAdvertisement.v3(61, 120, 100, List.of(VIP6_LL, VIP6_GLOBAL));
    }

    static VrrpAdvertisement v2Ipv4() {
        return VrrpAdvertisement.v2(21, 100, 1, List.of(VIP4_A, VIP4_B), VrrpAuthentication.none());
    }

    static ReceiveExpectations expectV3Ipv4() {
        return ReceiveExpectations.v3(AddressFamily.IPV4, 51, 100, 100, List.of(VIP4_A, VIP4_B));
    }

    static ReceiveExpectations expectV3Ipv6() {
        return ReceiveExpectations.v3(AddressFamily.IPV6, 61, 100, 100, List.of(VIP6_LL, VIP6_GLOBAL));
    }

    static ReceiveExpectations expectV2Ipv4() {
        return ReceiveExpectations.v2(21, 50, 1, List.of(VIP4_A, VIP4_B), VrrpAuthentication.none());
    }

    static IpEnvelope withTtl(IpEnvelope e, int ttl) {
        return new IpEnvelope(e.source(), e.destination(), ttl, e.ifIndex());
    }

    /** A copy of {@code packet} with byte {@code index} set to {@code value}. */
    static byte[] with(byte[] packet, int index, int value) {
        byte[] copy = packet.clone();
        copy[index] = (byte) value;
        return copy;
    }

    /** Recomputes bytes 6–7 of {@code packet} in place under {@code mode} and returns it. */
    static byte[] fixChecksum(byte[] packet, ChecksumMode mode, IpEnvelope envelope) {
        packet[6] = 0;
        packet[7] = 0;
        int sum = InternetChecksum.compute(packet, 0, packet.length, mode, envelope.source(),
                envelope.destination());
        packet[6] = (byte) (sum >>> 8);
        packet[7] = (byte) sum;
        return packet;
    }

    /** {@link #with} then {@link #fixChecksum}: a packet whose only fault is the edited byte. */
    static byte[] edited(byte[] packet, int index, int value, ChecksumMode mode, IpEnvelope envelope) {
        return fixChecksum(with(packet, index, value), mode, envelope);
    }

    static byte[] truncated(byte[] packet, int length) {
        return Arrays.copyOf(packet, length);
    }
}
