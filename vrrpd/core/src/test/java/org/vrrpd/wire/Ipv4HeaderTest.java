package org.vrrpd.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The IPv4 header in front of what a raw IPv4 socket delivers. */
class Ipv4HeaderTest {

    /** keepalived's first v3 advert from v3-ipv4-pseudo-header.pcap: TTL 255, proto 112, 192.0.2.1 -> 224.0.0.18. */
    private static final byte[] CAPTURED = HexFormat.of().parseHex(
            "45c0002400010000ff701895c0000201e0000012" + "3133c8020032df38c0000264c0000265");

    private static RejectReason reason(Ipv4ParseResult r) {
        return r.rejection().orElseThrow(() -> new AssertionError("parsed: " + r)).reason();
    }

    @Test
    void parse_shouldSplitEnvelopeAndPayload() {
        Ipv4Datagram d = Ipv4Header.parse(CAPTURED, 7).datagram().orElseThrow();
        assertEquals(new IpEnvelope(Packets.SRC4, Packets.GROUP4, 255, 7), d.envelope());
        assertArrayEquals(Arrays.copyOfRange(CAPTURED, 20, 36), d.payload());
    }

    @Test
    void parse_shouldSkipOptions_usingIhl() {
        byte[] withOptions = new byte[CAPTURED.length + 4];
        System.arraycopy(CAPTURED, 0, withOptions, 0, 20);
        withOptions[0] = 0x46;
        withOptions[3] = (byte) (CAPTURED.length + 4);
        withOptions[20] = (byte) 0x94; // router alert option
        withOptions[21] = 4;
        System.arraycopy(CAPTURED, 20, withOptions, 24, 16);
        assertArrayEquals(Arrays.copyOfRange(CAPTURED, 20, 36),
                Ipv4Header.parse(withOptions, 0).datagram().orElseThrow().payload());
    }

    @Test
    void parse_shouldIgnoreTrailingBytes_afterTheTotalLength() {
        byte[] padded = Arrays.copyOf(CAPTURED, 60);
        assertEquals(16, Ipv4Header.parse(padded, 0).datagram().orElseThrow().payload().length);
    }

    @Test
    void parse_shouldReportTheTtl_forTheReceiveCheck() {
        byte[] ttl1 = Packets.with(CAPTURED, 8, 1);
        assertEquals(1, Ipv4Header.parse(ttl1, 0).datagram().orElseThrow().envelope().ttl());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 19})
    void parse_shouldRejectHeaderTooShort(int length) {
        assertEquals(RejectReason.IP_HEADER_TOO_SHORT, reason(Ipv4Header.parse(Arrays.copyOf(CAPTURED, length), 0)));
    }

    @Test
    void parse_shouldRejectIpVersionOtherThan4() {
        assertEquals(RejectReason.IP_BAD_VERSION, reason(Ipv4Header.parse(Packets.with(CAPTURED, 0, 0x65), 0)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x40, 0x44, 0x4F})
    void parse_shouldRejectBadHeaderLength(int versionIhl) {
        assertEquals(RejectReason.IP_BAD_HEADER_LENGTH,
                reason(Ipv4Header.parse(Packets.with(CAPTURED, 0, versionIhl), 0)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 19, 37, 255})
    void parse_shouldRejectATotalLengthBeyondTheBytesOrInsideTheHeader(int totalLength) {
        assertEquals(RejectReason.IP_LENGTH_MISMATCH,
                reason(Ipv4Header.parse(Packets.with(CAPTURED, 3, totalLength), 0)));
    }

    @Test
    void parse_shouldRejectProtocolsOtherThan112() {
        assertEquals(RejectReason.IP_BAD_PROTOCOL, reason(Ipv4Header.parse(Packets.with(CAPTURED, 9, 17), 0)));
    }

    @Test
    void parse_shouldRejectFragments() {
        assertEquals(RejectReason.IP_FRAGMENT, reason(Ipv4Header.parse(Packets.with(CAPTURED, 6, 0x20), 0)));
        assertEquals(RejectReason.IP_FRAGMENT, reason(Ipv4Header.parse(Packets.with(CAPTURED, 7, 0x01), 0)));
    }

    @Test
    void parse_shouldAcceptTheDontFragmentFlag() {
        Ipv4Header.parse(Packets.with(CAPTURED, 6, 0x40), 0).datagram().orElseThrow();
    }

    @Test
    void parse_shouldNotThrow_onNullOrBadBounds() {
        assertEquals(RejectReason.IP_HEADER_TOO_SHORT, reason(Ipv4Header.parse(null, 0)));
        assertEquals(RejectReason.IP_HEADER_TOO_SHORT, reason(Ipv4Header.parse(CAPTURED, 30, 20, 0)));
    }

    @Test
    void parsedDatagram_shouldValidateEndToEnd() {
        Ipv4Datagram d = Ipv4Header.parse(CAPTURED, 0).datagram().orElseThrow();
        ReceiveExpectations e = ReceiveExpectations.v3(AddressFamily.IPV4, 51, 100, 50,
                java.util.List.of(Packets.VIP4_A, Packets.VIP4_B));
        assertEquals(ChecksumMode.PSEUDO_HEADER, ReceiveValidator.validate(d.envelope(), d.payload(), e)
                .accepted().orElseThrow().checksumMode());
    }
}
