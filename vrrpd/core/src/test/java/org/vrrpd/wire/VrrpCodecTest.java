package org.vrrpd.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vrrpd.wire.Packets.MCAST4;
import static org.vrrpd.wire.Packets.MCAST6;
import static org.vrrpd.wire.Packets.SRC4;
import static org.vrrpd.wire.Packets.SRC6;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The structural decoder: checksum forms, lengths, bounds and the reserved bits. */
class VrrpCodecTest {

    private static RejectReason reason(DecodeResult r) {
        return r.rejection().orElseThrow(() -> new AssertionError("accepted: " + r)).reason();
    }

    @Test
    void decodeV3Ipv4_shouldAcceptThePseudoHeaderForm_andReportIt() {
        byte[] wire = VrrpCodec.encode(Packets.v3Ipv4(), MCAST4, ChecksumMode.PSEUDO_HEADER);
        assertEquals(ChecksumMode.PSEUDO_HEADER, VrrpCodec.decode(MCAST4, wire).decoded().orElseThrow()
                .checksumMode());
    }

    @Test
    void decodeV3Ipv4_shouldAcceptTheMessageOnlyForm_andReportIt() {
        byte[] wire = VrrpCodec.encode(Packets.v3Ipv4(), MCAST4, ChecksumMode.MESSAGE_ONLY);
        assertEquals(ChecksumMode.MESSAGE_ONLY, VrrpCodec.decode(MCAST4, wire).decoded().orElseThrow()
                .checksumMode());
    }

    @Test
    void decodeV3Ipv6_shouldRejectTheMessageOnlyForm() {
        byte[] wire = Packets.fixChecksum(VrrpCodec.encode(Packets.v3Ipv6(), MCAST6, null),
                ChecksumMode.MESSAGE_ONLY, MCAST6);
        assertEquals(RejectReason.CHECKSUM_ERROR, reason(VrrpCodec.decode(MCAST6, wire)));
    }

    @Test
    void decodeV2_shouldRejectThePseudoHeaderForm() {
        byte[] wire = Packets.fixChecksum(VrrpCodec.encode(Packets.v2Ipv4(), MCAST4, null),
                ChecksumMode.PSEUDO_HEADER, MCAST4);
        assertEquals(RejectReason.CHECKSUM_ERROR, reason(VrrpCodec.decode(MCAST4, wire)));
    }

    @Test
    void decodeV3_shouldIgnoreTheReservedBits() {
        byte[] wire = VrrpCodec.encode(Packets.v3Ipv4(), MCAST4, null);
        byte[] reserved = Packets.edited(wire, 4, wire[4] | 0xF0, ChecksumMode.PSEUDO_HEADER, MCAST4);
        assertEquals(Packets.v3Ipv4(), VrrpCodec.decode(MCAST4, reserved).decoded().orElseThrow().advertisement());
    }

    @Test
    void decodeV2_shouldKeepAuthDataOfTypeNone_asReceived() {
        byte[] wire = VrrpCodec.encode(Packets.v2Ipv4(), MCAST4, null);
        byte[] junk = Packets.edited(wire, wire.length - 1, 0x5A, ChecksumMode.MESSAGE_ONLY, MCAST4);
        VrrpAuthentication auth = VrrpCodec.decode(MCAST4, junk).decoded().orElseThrow().advertisement()
                .authentication();
        assertEquals(0, auth.type());
        assertEquals(0x5A, auth.data()[7]);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7})
    void decode_shouldReportPacketTooShort_belowTheFixedHeader(int length) {
        byte[] wire = VrrpCodec.encode(Packets.v3Ipv4(), MCAST4, null);
        assertEquals(RejectReason.PACKET_TOO_SHORT, reason(VrrpCodec.decode(MCAST4, Packets.truncated(wire, length))));
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 11, 12, 15, 17, 20, 64})
    void decodeV3Ipv4_shouldReportLengthMismatch_whenTheLengthDisagreesWithCount2(int length) {
        byte[] wire = Arrays.copyOf(VrrpCodec.encode(Packets.v3Ipv4(), MCAST4, null), length);
        assertEquals(RejectReason.LENGTH_MISMATCH, reason(VrrpCodec.decode(MCAST4, wire)));
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 20, 23, 25, 28})
    void decodeV2_shouldReportLengthMismatch_whenAuthDataIsMissingOrExtra(int length) {
        byte[] wire = Arrays.copyOf(VrrpCodec.encode(Packets.v2Ipv4(), MCAST4, null), length);
        assertEquals(RejectReason.LENGTH_MISMATCH, reason(VrrpCodec.decode(MCAST4, wire)));
    }

    @Test
    void decodeIpv6Envelope_shouldReportLengthMismatch_forAnIpv4SizedMessage() {
        byte[] v4 = VrrpCodec.encode(Packets.v3Ipv4(), MCAST4, null);
        assertEquals(RejectReason.LENGTH_MISMATCH, reason(VrrpCodec.decode(MCAST6, v4)));
    }

    @Test
    void decode_shouldReportFamilyMismatch_whenSourceAndDestinationFamiliesDiffer() {
        IpEnvelope mixed = new IpEnvelope(SRC4, Packets.GROUP6, 255, 0);
        byte[] wire = VrrpCodec.encode(Packets.v3Ipv4(), MCAST4, null);
        assertEquals(RejectReason.FAMILY_MISMATCH, reason(VrrpCodec.decode(mixed, wire)));
    }

    @Test
    void decode_shouldReportBadVersion_forV2OverIpv6() {
        byte[] wire = VrrpCodec.encode(Packets.v3Ipv6(), MCAST6, null);
        byte[] v2 = Packets.edited(wire, 0, 0x21, ChecksumMode.MESSAGE_ONLY, MCAST6);
        assertEquals(RejectReason.BAD_VERSION, reason(VrrpCodec.decode(MCAST6, v2)));
    }

    @Test
    void decode_shouldNotThrow_onBadBufferBoundsOrNull() {
        byte[] wire = VrrpCodec.encode(Packets.v3Ipv4(), MCAST4, null);
        assertEquals(RejectReason.PACKET_TOO_SHORT, reason(VrrpCodec.decode(MCAST4, null)));
        assertEquals(RejectReason.PACKET_TOO_SHORT, reason(VrrpCodec.decode(MCAST4, wire, -1, 4)));
        assertEquals(RejectReason.PACKET_TOO_SHORT, reason(VrrpCodec.decode(MCAST4, wire, 4, 100)));
        assertEquals(RejectReason.PACKET_TOO_SHORT, reason(VrrpCodec.decode(MCAST4, wire, 17, 0)));
    }

    @Test
    void decode_shouldHonourOffsetAndLength_insideALargerBuffer() {
        byte[] wire = VrrpCodec.encode(Packets.v3Ipv6(), MCAST6, null);
        byte[] big = new byte[wire.length + 10];
        System.arraycopy(wire, 0, big, 3, wire.length);
        assertEquals(Packets.v3Ipv6(), VrrpCodec.decode(MCAST6, big, 3, wire.length).decoded().orElseThrow()
                .advertisement());
    }

    @Test
    void decodedIpv6Addresses_shouldStayIpv6_evenWhenIpv4Mapped() {
        VrrpAdvertisement ad = VrrpAdvertisement.v3(1, 100, 100, java.util.List.of(Packets.VIP6_LL, ipv4Mapped()));
        byte[] wire = VrrpCodec.encode(ad, SRC6, Packets.GROUP6, null);
        assertEquals(ad, VrrpCodec.decode(MCAST6, wire).decoded().orElseThrow().advertisement());
    }

    private static java.net.InetAddress ipv4Mapped() {
        byte[] raw = new byte[16];
        raw[10] = (byte) 0xFF;
        raw[11] = (byte) 0xFF;
        raw[12] = (byte) 192;
        raw[15] = 1;
        try {
            return java.net.Inet6Address.getByAddress(null, raw, -1);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void encode_shouldUseTheEnvelopesAddresses_forTheChecksum() {
        IpEnvelope unicast = new IpEnvelope(SRC6, Packets.PEER6, 255, 0);
        byte[] wire = VrrpCodec.encode(Packets.v3Ipv6(), unicast, null);
        assertEquals(Packets.v3Ipv6(), VrrpCodec.decode(unicast, wire).decoded().orElseThrow().advertisement());
        assertEquals(RejectReason.CHECKSUM_ERROR, reason(VrrpCodec.decode(MCAST6, wire)));
    }
}
