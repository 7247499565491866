package org.vrrpd.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Interop with keepalived 2.2.7: adverts it sent (captured by {@code captures/capture.sh}) decode to the
 * values it was configured with, and our encoder produces the same bytes for the same fields and envelope.
 */
class KeepalivedCaptureTest {

    /** A captured advert: the envelope and the VRRP payload. */
    private record Captured(IpEnvelope envelope, byte[] payload) {
    }

    private static final InetAddress KEEPALIVED_SRC4 = Packets.ip("192.0.2.1");
    private static final InetAddress KEEPALIVED_SRC6 = Packets.ip("fe80::1");

    @Test
    void v3Ipv4DefaultChecksum_shouldDecodeAsConfigured_andReportPseudoHeader() throws IOException {
        List<Captured> adverts = load("v3-ipv4-pseudo-header.pcap");
        VrrpAdvertisement expected = new VrrpAdvertisement(3, 1, 51, 200, 50, AddressFamily.IPV4,
                List.of(Packets.ip("192.0.2.100"), Packets.ip("192.0.2.101")), VrrpAuthentication.none());
        assertAllDecodeTo(adverts, expected, ChecksumMode.PSEUDO_HEADER, KEEPALIVED_SRC4, Packets.GROUP4);
    }

    @Test
    void v3Ipv4Unicast_shouldDecodeAsConfigured_withTheRealDestinationInThePseudoHeader() throws IOException {
        List<Captured> adverts = load("v3-ipv4-unicast.pcap");
        VrrpAdvertisement expected = new VrrpAdvertisement(3, 1, 52, 150, 100, AddressFamily.IPV4,
                List.of(Packets.ip("192.0.2.110")), VrrpAuthentication.none());
        assertAllDecodeTo(adverts, expected, ChecksumMode.PSEUDO_HEADER, KEEPALIVED_SRC4, Packets.ip("192.0.2.2"));
    }

    @Test
    void v3Ipv4Unicast_shouldFailTheChecksum_whenThePseudoHeaderUsesTheGroupAddress() throws IOException {
        Captured advert = load("v3-ipv4-unicast.pcap").get(0);
        IpEnvelope asIfMulticast = new IpEnvelope(advert.envelope().source(), Packets.GROUP4, 255, 0);
        DecodeResult result = VrrpCodec.decode(asIfMulticast, advert.payload());
        assertEquals(RejectReason.CHECKSUM_ERROR, result.rejection().orElseThrow().reason());
    }

    @Test
    void v3Ipv4Unicast_shouldPassValidation_onlyFromAnAllowedPeer() throws IOException {
        Captured advert = load("v3-ipv4-unicast.pcap").get(0);
        ReceiveExpectations base = ReceiveExpectations.v3(AddressFamily.IPV4, 52, 100, 100,
                List.of(Packets.ip("192.0.2.110")));
        ReceiveResult allowed = ReceiveValidator.validate(advert.envelope(), advert.payload(),
                base.withUnicastPeers(Set.of(Packets.ip("192.0.2.1"))));
        ReceiveResult unknown = ReceiveValidator.validate(advert.envelope(), advert.payload(),
                base.withUnicastPeers(Set.of(Packets.ip("192.0.2.3"))));
        assertTrue(allowed.accepted().isPresent(), allowed::toString);
        assertEquals(RejectReason.UNKNOWN_PEER, unknown.rejection().orElseThrow().reason());
    }

    @Test
    void v3Ipv6_shouldDecodeAsConfigured_withLinkLocalFirstAddress() throws IOException {
        List<Captured> adverts = load("v3-ipv6.pcap");
        VrrpAdvertisement expected = new VrrpAdvertisement(3, 1, 61, 120, 25, AddressFamily.IPV6,
                List.of(Packets.ip("fe80::100"), Packets.ip("2001:db8::100")), VrrpAuthentication.none());
        assertAllDecodeTo(adverts, expected, ChecksumMode.PSEUDO_HEADER, KEEPALIVED_SRC6, Packets.GROUP6);
    }

    @Test
    void v2Ipv4NoAuth_shouldDecodeAsConfigured() throws IOException {
        List<Captured> adverts = load("v2-ipv4.pcap");
        VrrpAdvertisement expected = new VrrpAdvertisement(2, 1, 21, 100, 1, AddressFamily.IPV4,
                List.of(Packets.ip("192.0.2.120"), Packets.ip("192.0.2.121"), Packets.ip("192.0.2.122")),
                VrrpAuthentication.none());
        assertAllDecodeTo(adverts, expected, ChecksumMode.MESSAGE_ONLY, KEEPALIVED_SRC4, Packets.GROUP4);
    }

    @Test
    void v2Ipv4SimplePassword_shouldDecodeAsConfigured() throws IOException {
        List<Captured> adverts = load("v2-ipv4-simple-password.pcap");
        VrrpAdvertisement expected = new VrrpAdvertisement(2, 1, 22, 90, 1, AddressFamily.IPV4,
                List.of(Packets.ip("192.0.2.130")), VrrpAuthentication.simplePassword("s3cret"));
        assertAllDecodeTo(adverts, expected, ChecksumMode.MESSAGE_ONLY, KEEPALIVED_SRC4, Packets.GROUP4);
    }

    @Test
    void v2Ipv4SimplePassword_shouldPassValidation_onlyWithTheSamePassword() throws IOException {
        Captured advert = load("v2-ipv4-simple-password.pcap").get(0);
        List<InetAddress> vips = List.of(Packets.ip("192.0.2.130"));
        ReceiveResult good = ReceiveValidator.validate(advert.envelope(), advert.payload(),
                ReceiveExpectations.v2(22, 50, 1, vips, VrrpAuthentication.simplePassword("s3cret")));
        ReceiveResult bad = ReceiveValidator.validate(advert.envelope(), advert.payload(),
                ReceiveExpectations.v2(22, 50, 1, vips, VrrpAuthentication.simplePassword("other")));
        assertTrue(good.accepted().isPresent(), good::toString);
        assertEquals(RejectReason.AUTH_PASSWORD_MISMATCH, bad.rejection().orElseThrow().reason());
    }

    // keepalived 2.2.7 truncates auth_pass 0123456789abc to its first 8 bytes ("Truncating auth_pass to 8 characters")
    @Test
    void v2Ipv4LongPassword_shouldCarryTheFirstEightBytes_andEncodeIdentically() throws IOException {
        List<Captured> adverts = load("v2-ipv4-long-password.pcap");
        VrrpAuthentication configured = VrrpAuthentication.simplePasswordTruncated("0123456789abc");
        VrrpAdvertisement expected = new VrrpAdvertisement(2, 1, 23, 110, 1, AddressFamily.IPV4,
                List.of(Packets.ip("192.0.2.140"), Packets.ip("192.0.2.141")), configured);
        assertAllDecodeTo(adverts, expected, ChecksumMode.MESSAGE_ONLY, KEEPALIVED_SRC4, Packets.GROUP4);
        Captured advert = adverts.get(0);
        List<InetAddress> vips = expected.addresses();
        assertTrue(ReceiveValidator.validate(advert.envelope(), advert.payload(),
                ReceiveExpectations.v2(23, 50, 1, vips, configured)).accepted().isPresent());
        assertEquals(RejectReason.AUTH_PASSWORD_MISMATCH, ReceiveValidator.validate(advert.envelope(),
                advert.payload(), ReceiveExpectations.v2(23, 50, 1, vips, VrrpAuthentication.simplePassword("0123456")))
                .rejection().orElseThrow().reason());
        assertEquals(RejectReason.AUTH_MISMATCH, ReceiveValidator.validate(advert.envelope(), advert.payload(),
                ReceiveExpectations.v2(23, 50, 1, vips, VrrpAuthentication.none())).rejection().orElseThrow().reason());
    }

    @Test
    void v3Captures_shouldPassValidation_withoutObservations_whenExpectationsMatchTheConfig() throws IOException {
        Captured v4 = load("v3-ipv4-pseudo-header.pcap").get(0);
        Captured v6 = load("v3-ipv6.pcap").get(0);
        ReceiveResult r4 = ReceiveValidator.validate(v4.envelope(), v4.payload(), ReceiveExpectations.v3(
                AddressFamily.IPV4, 51, 100, 50, List.of(Packets.ip("192.0.2.101"), Packets.ip("192.0.2.100"))));
        ReceiveResult r6 = ReceiveValidator.validate(v6.envelope(), v6.payload(), ReceiveExpectations.v3(
                AddressFamily.IPV6, 61, 100, 25, List.of(Packets.ip("fe80::100"), Packets.ip("2001:db8::100"))));
        assertEquals(List.of(), List.copyOf(r4.accepted().orElseThrow().observations()));
        assertEquals(List.of(), List.copyOf(r6.accepted().orElseThrow().observations()));
    }

    private static void assertAllDecodeTo(List<Captured> adverts, VrrpAdvertisement expected, ChecksumMode form,
            InetAddress source, InetAddress group) {
        assertFalse(adverts.isEmpty(), "capture holds no VRRP adverts");
        for (Captured c : adverts) {
            assertEquals(source, c.envelope().source());
            assertEquals(group, c.envelope().destination());
            assertEquals(255, c.envelope().ttl());
            DecodeResult result = VrrpCodec.decode(c.envelope(), c.payload());
            DecodedAdvertisement decoded = result.decoded().orElseThrow(() -> new AssertionError(result));
            assertEquals(expected, decoded.advertisement());
            assertEquals(form, decoded.checksumMode());
            byte[] ours = VrrpCodec.encode(expected, c.envelope(), form);
            assertArrayEquals(c.payload(), ours, "our encoding differs from keepalived's");
        }
    }

    private static List<Captured> load(String name) throws IOException {
        try (InputStream in = KeepalivedCaptureTest.class.getResourceAsStream("/captures/" + name)) {
            assertNotNull(in, "missing capture " + name);
            List<Captured> out = new ArrayList<>();
            for (PcapReader.Frame f : PcapReader.read(in)) {
                if (f.etherType() == 0x0800) {
                    Ipv4Datagram d = Ipv4Header.parse(f.packet(), 0).datagram()
                            .orElseThrow(() -> new AssertionError("bad IPv4 header in " + name));
                    out.add(new Captured(d.envelope(), d.payload()));
                } else if (f.etherType() == 0x86DD) {
                    out.add(ipv6(f.packet()));
                }
            }
            return out;
        }
    }

    /** The fixed IPv6 header (keepalived's adverts carry no extension headers). */
    private static Captured ipv6(byte[] packet) throws UnknownHostException {
        assertEquals(6, (packet[0] >>> 4) & 0x0F);
        assertEquals(InternetChecksum.PROTOCOL_VRRP, packet[6] & 0xFF, "next header");
        int payloadLength = ((packet[4] & 0xFF) << 8) | (packet[5] & 0xFF);
        InetAddress src = Inet6Address.getByAddress(null, Arrays.copyOfRange(packet, 8, 24), -1);
        InetAddress dst = Inet6Address.getByAddress(null, Arrays.copyOfRange(packet, 24, 40), -1);
        return new Captured(new IpEnvelope(src, dst, packet[7] & 0xFF, 0),
                Arrays.copyOfRange(packet, 40, 40 + payloadLength));
    }
}
