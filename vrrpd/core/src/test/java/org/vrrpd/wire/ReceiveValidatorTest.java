package org.vrrpd.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.wire.Packets.MCAST4;
import static org.vrrpd.wire.Packets.MCAST6;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per receive rule of RFC 9568 §7.1 / RFC 3768 §7.1 and the RFC 9568 errata; the table in
 * docs/WIRE.md maps each section to these names.
 */
class ReceiveValidatorTest {

    private static final byte[] V3_IPV4 = VrrpCodec.encode(Packets.v3Ipv4(), MCAST4, null);
    private static final byte[] V3_IPV6 = VrrpCodec.encode(Packets.v3Ipv6(), MCAST6, null);
    private static final byte[] V2_IPV4 = VrrpCodec.encode(Packets.v2Ipv4(), MCAST4, null);

    private static Rejection rejected(ReceiveResult r) {
        return r.rejection().orElseThrow(() -> new AssertionError("accepted: " + r));
    }

    private static AcceptedAdvertisement accepted(ReceiveResult r) {
        return r.accepted().orElseThrow(() -> new AssertionError("rejected: " + r));
    }

    @Test
    void wellFormedAdverts_shouldBeAccepted_withoutObservations() {
        assertEquals(Set.of(), accepted(ReceiveValidator.validate(MCAST4, V3_IPV4, Packets.expectV3Ipv4()))
                .observations());
        assertEquals(Set.of(), accepted(ReceiveValidator.validate(MCAST6, V3_IPV6, Packets.expectV3Ipv6()))
                .observations());
        assertEquals(Set.of(), accepted(ReceiveValidator.validate(MCAST4, V2_IPV4, Packets.expectV2Ipv4()))
                .observations());
    }

    // §7.1: "MUST verify that the IPv4 TTL / IPv6 Hop Limit is 255"
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 64, 254})
    void ttlMustBe255_shouldDropWithTtlError_forIpv4AndIpv6(int ttl) {
        Rejection r4 = rejected(ReceiveValidator.validate(Packets.withTtl(MCAST4, ttl), V3_IPV4,
                Packets.expectV3Ipv4()));
        Rejection r6 = rejected(ReceiveValidator.validate(Packets.withTtl(MCAST6, ttl), V3_IPV6,
                Packets.expectV3Ipv6()));
        assertEquals("ttl_error", r4.counterName());
        assertEquals("ttl_error", r6.counterName());
        assertTrue(r6.detail().contains("hop limit " + ttl), r6.detail());
    }

    @Test
    void ttlMustBe255_shouldNotApply_inUnicastMode() {
        IpEnvelope routed = new IpEnvelope(Packets.SRC4, Packets.PEER4, 62, 2);
        byte[] wire = VrrpCodec.encode(Packets.v3Ipv4(), routed, null);
        accepted(ReceiveValidator.validate(routed, wire, Packets.expectV3Ipv4().withUnicastPeers(Set.of())));
    }

    // §7.1: "MUST verify that the VRRP version is 3" (RFC 3768: 2)
    @ParameterizedTest
    @ValueSource(ints = {0x01, 0x11, 0x41, 0xF1})
    void versionMustMatch_shouldDropWithBadVersion_forUnknownVersions(int versionAndType) {
        byte[] wire = Packets.edited(V3_IPV4, 0, versionAndType, ChecksumMode.PSEUDO_HEADER, MCAST4);
        assertEquals(RejectReason.BAD_VERSION,
                rejected(ReceiveValidator.validate(MCAST4, wire, Packets.expectV3Ipv4())).reason());
    }

    @Test
    void versionMustMatch_shouldDropWithBadVersion_forV2AdvertOnV3InstanceAndBack() {
        ReceiveExpectations v3ForV2Vrid = ReceiveExpectations.v3(AddressFamily.IPV4, 21, 100, 100, List.of());
        assertEquals(RejectReason.BAD_VERSION,
                rejected(ReceiveValidator.validate(MCAST4, V2_IPV4, v3ForV2Vrid)).reason());
        ReceiveExpectations v2ForV3Vrid = ReceiveExpectations.v2(51, 100, 1, List.of(), VrrpAuthentication.none());
        assertEquals(RejectReason.BAD_VERSION,
                rejected(ReceiveValidator.validate(MCAST4, V3_IPV4, v2ForV3Vrid)).reason());
    }

    // §5.2.2: "A packet with unknown type MUST be discarded"
    @ParameterizedTest
    @ValueSource(ints = {0x30, 0x32, 0x3F})
    void unknownTypeMustBeDiscarded_shouldDropWithBadType(int versionAndType) {
        byte[] wire = Packets.edited(V3_IPV4, 0, versionAndType, ChecksumMode.PSEUDO_HEADER, MCAST4);
        assertEquals("bad_type", rejected(ReceiveValidator.validate(MCAST4, wire, Packets.expectV3Ipv4()))
                .counterName());
    }

    // §7.1: "MUST verify that the received packet contains the complete VRRP packet"
    @Test
    void completePacketRequired_shouldDropWithPacketTooShort_belowTheFixedHeader() {
        assertEquals(RejectReason.PACKET_TOO_SHORT, rejected(ReceiveValidator.validate(MCAST4,
                Packets.truncated(V3_IPV4, 5), Packets.expectV3Ipv4())).reason());
    }

    @Test
    void completePacketRequired_shouldDropWithLengthMismatch_whenAddressesAreMissing() {
        assertEquals(RejectReason.LENGTH_MISMATCH, rejected(ReceiveValidator.validate(MCAST4,
                Packets.truncated(V3_IPV4, 12), Packets.expectV3Ipv4())).reason());
        assertEquals(RejectReason.LENGTH_MISMATCH, rejected(ReceiveValidator.validate(MCAST4,
                Packets.truncated(V2_IPV4, V2_IPV4.length - 8), Packets.expectV2Ipv4())).reason());
    }

    // §7.1: "MUST verify the VRRP checksum"
    @Test
    void checksumMustVerify_shouldDropWithChecksumError() {
        byte[] wire = Packets.with(V3_IPV4, 7, V3_IPV4[7] ^ 0x01);
        assertEquals("checksum_error", rejected(ReceiveValidator.validate(MCAST4, wire, Packets.expectV3Ipv4()))
                .counterName());
    }

    @Test
    void checksumMustVerify_shouldAcceptEitherV3Ipv4Form_andReportWhichMatched() {
        byte[] plain = VrrpCodec.encode(Packets.v3Ipv4(), MCAST4, ChecksumMode.MESSAGE_ONLY);
        assertEquals(ChecksumMode.MESSAGE_ONLY,
                accepted(ReceiveValidator.validate(MCAST4, plain, Packets.expectV3Ipv4())).checksumMode());
        assertEquals(ChecksumMode.PSEUDO_HEADER,
                accepted(ReceiveValidator.validate(MCAST4, V3_IPV4, Packets.expectV3Ipv4())).checksumMode());
    }

    // §7.1: "MUST verify that the VRID is configured on the receiving interface"
    @Test
    void vridMustBeConfigured_shouldDropWithVridMismatch() {
        ReceiveExpectations other = ReceiveExpectations.v3(AddressFamily.IPV4, 52, 100, 100, List.of());
        assertEquals(RejectReason.VRID_MISMATCH,
                rejected(ReceiveValidator.validate(MCAST4, V3_IPV4, other)).reason());
    }

    // §7.1: "... and the local router is not the IPvX address owner"; erratum 8298: SHOULD log, not drop
    @Test
    void localRouterIsNotOwner_shouldAcceptButObserve_whenWeArePriority255() {
        ReceiveExpectations owner = ReceiveExpectations.v3(AddressFamily.IPV4, 51, 255, 100,
                List.of(Packets.VIP4_A, Packets.VIP4_B));
        assertTrue(accepted(ReceiveValidator.validate(MCAST4, V3_IPV4, owner))
                .observed(ReceiveObservation.OWNER_RECEIVED_ADVERT));
    }

    // §7.1: "MAY verify that Count IPvX Addrs and the list of IPvX Address(es) match" — logged, not dropped
    @Test
    void addressListMayBeVerified_shouldAcceptButObserve_whenCountOrAddressesDiffer() {
        ReceiveExpectations oneVip = ReceiveExpectations.v3(AddressFamily.IPV4, 51, 100, 100,
                List.of(Packets.VIP4_A));
        ReceiveExpectations otherVips = ReceiveExpectations.v3(AddressFamily.IPV4, 51, 100, 100,
                List.of(Packets.VIP4_A, Packets.ip("192.0.2.200")));
        ReceiveExpectations reordered = ReceiveExpectations.v3(AddressFamily.IPV4, 51, 100, 100,
                List.of(Packets.VIP4_B, Packets.VIP4_A));
        assertTrue(accepted(ReceiveValidator.validate(MCAST4, V3_IPV4, oneVip))
                .observed(ReceiveObservation.ADDRESS_LIST_MISMATCH));
        assertTrue(accepted(ReceiveValidator.validate(MCAST4, V3_IPV4, otherVips))
                .observed(ReceiveObservation.ADDRESS_LIST_MISMATCH));
        assertFalse(accepted(ReceiveValidator.validate(MCAST4, V3_IPV4, reordered))
                .observed(ReceiveObservation.ADDRESS_LIST_MISMATCH));
    }

    // RFC 9568 §7.1 / §6.4.2: a different Max Adver Int is learned, SHOULD be logged, not dropped
    @Test
    void v3IntervalMismatch_shouldAcceptButObserve() {
        ReceiveExpectations slower = ReceiveExpectations.v3(AddressFamily.IPV4, 51, 100, 300,
                List.of(Packets.VIP4_A, Packets.VIP4_B));
        AcceptedAdvertisement a = accepted(ReceiveValidator.validate(MCAST4, V3_IPV4, slower));
        assertTrue(a.observed(ReceiveObservation.INTERVAL_MISMATCH));
        assertEquals(100, a.advertisement().maxAdverIntervalCentis());
    }

    // RFC 3768 §7.1: "MUST verify that the Adver Interval in the packet is the same as the locally configured"
    @Test
    void v2IntervalMustMatch_shouldDropWithIntervalMismatchV2() {
        ReceiveExpectations threeSeconds = ReceiveExpectations.v2(21, 50, 3,
                List.of(Packets.VIP4_A, Packets.VIP4_B), VrrpAuthentication.none());
        assertEquals("interval_mismatch_v2",
                rejected(ReceiveValidator.validate(MCAST4, V2_IPV4, threeSeconds)).counterName());
    }

    // RFC 3768 §7.1: "MUST verify that the Auth Type matches ... and perform that authentication method"
    @Test
    void v2AuthMustMatch_shouldDropWithAuthMismatch_forWrongType_andPasswordMismatch_forWrongPassword() {
        VrrpAdvertisement pw = VrrpAdvertisement.v2(21, 100, 1, List.of(Packets.VIP4_A, Packets.VIP4_B),
                VrrpAuthentication.simplePassword("right"));
        byte[] wire = VrrpCodec.encode(pw, MCAST4, null);
        ReceiveExpectations wrongPw = ReceiveExpectations.v2(21, 50, 1, pw.addresses(),
                VrrpAuthentication.simplePassword("wrong"));
        Rejection wrong = rejected(ReceiveValidator.validate(MCAST4, wire, wrongPw));
        assertEquals(RejectReason.AUTH_PASSWORD_MISMATCH, wrong.reason());
        assertEquals("auth_password_mismatch", wrong.counterName());
        assertFalse(wrong.toString().contains("right") || wrong.toString().contains("wrong"),
                "a rejection must not print either password: " + wrong);
        assertEquals(RejectReason.AUTH_MISMATCH,
                rejected(ReceiveValidator.validate(MCAST4, wire, Packets.expectV2Ipv4())).reason());
        ReceiveExpectations rightPw = ReceiveExpectations.v2(21, 50, 1, pw.addresses(),
                VrrpAuthentication.simplePassword("right"));
        accepted(ReceiveValidator.validate(MCAST4, wire, rightPw));
    }

    // RFC 9568 erratum 8299: "Count IPvX Addrs ... 0 MUST be ignored" — dropped
    @Test
    void countZeroMustBeIgnored_shouldDropWithCountZero() {
        VrrpAdvertisement none = new VrrpAdvertisement(3, 1, 51, 100, 100, AddressFamily.IPV4, List.of(),
                VrrpAuthentication.none());
        byte[] wire = VrrpCodec.encode(none, MCAST4, null);
        assertEquals("count_zero", rejected(ReceiveValidator.validate(MCAST4, wire, Packets.expectV3Ipv4()))
                .counterName());
    }

    // a count zeroed on a message that still carries its addresses: the count, not the length, is what is wrong
    @Test
    void countZero_withAddressesStillAfterTheHeader_shouldDropWithCountZero_notLengthMismatch() {
        VrrpAdvertisement one = new VrrpAdvertisement(3, 1, 51, 100, 100, AddressFamily.IPV4,
                List.of(Packets.VIP4_A), VrrpAuthentication.none());
        byte[] wire = VrrpCodec.encode(one, MCAST4, null);
        wire[3] = 0;
        assertEquals("count_zero", rejected(ReceiveValidator.validate(MCAST4, wire, Packets.expectV3Ipv4()))
                .counterName());
        ReceiveExpectations noVips = ReceiveExpectations.v3(AddressFamily.IPV4, 51, 90, 100, List.of());
        assertEquals("count_zero", rejected(ReceiveValidator.validate(MCAST4, wire, noVips)).counterName());
    }

    // keepalived sends count 0 for a vrrp_instance without virtual_ipaddress; such an instance accepts it
    @Test
    void countZero_shouldBeAccepted_byAnInstanceWithoutVips() {
        VrrpAdvertisement none = new VrrpAdvertisement(3, 1, 51, 100, 100, AddressFamily.IPV4, List.of(),
                VrrpAuthentication.none());
        byte[] wire = VrrpCodec.encode(none, MCAST4, null);
        ReceiveExpectations noVips = ReceiveExpectations.v3(AddressFamily.IPV4, 51, 90, 100, List.of());
        AcceptedAdvertisement a = accepted(ReceiveValidator.validate(MCAST4, wire, noVips));
        assertEquals(0, a.advertisement().count());
        assertEquals(Set.of(), a.observations());
    }

    @Test
    void countZero_shouldBeAccepted_overIpv6_byAnInstanceWithoutVips() {
        VrrpAdvertisement none = new VrrpAdvertisement(3, 1, 51, 100, 100, AddressFamily.IPV6, List.of(),
                VrrpAuthentication.none());
        byte[] wire = VrrpCodec.encode(none, MCAST6, null);
        ReceiveExpectations noVips = ReceiveExpectations.v3(AddressFamily.IPV6, 51, 90, 100, List.of());
        assertEquals(0, accepted(ReceiveValidator.validate(MCAST6, wire, noVips)).advertisement().count());
    }

    // RFC 9568 erratum 8301: a Max Adver Int of 0 MUST be rejected
    @Test
    void intervalZeroMustBeRejected_shouldDropWithIntervalZero_inV3AndV2() {
        byte[] v3 = VrrpCodec.encode(new VrrpAdvertisement(3, 1, 51, 100, 0, AddressFamily.IPV4,
                List.of(Packets.VIP4_A), VrrpAuthentication.none()), MCAST4, null);
        byte[] v2 = VrrpCodec.encode(VrrpAdvertisement.v2(21, 100, 0, List.of(Packets.VIP4_A),
                VrrpAuthentication.none()), MCAST4, null);
        assertEquals(RejectReason.INTERVAL_ZERO,
                rejected(ReceiveValidator.validate(MCAST4, v3, Packets.expectV3Ipv4())).reason());
        assertEquals(RejectReason.INTERVAL_ZERO,
                rejected(ReceiveValidator.validate(MCAST4, v2, Packets.expectV2Ipv4())).reason());
    }

    // RFC 9568 §5.2.9 and erratum 8300: the first IPv6 address MUST be link-local
    @Test
    void ipv6FirstAddressMustBeLinkLocal_shouldDropWithIpv6FirstNotLinkLocal() {
        VrrpAdvertisement globalFirst = VrrpAdvertisement.v3(61, 120, 100,
                List.of(Packets.VIP6_GLOBAL, Packets.VIP6_LL));
        byte[] wire = VrrpCodec.encode(globalFirst, MCAST6, null);
        assertEquals("ipv6_first_not_link_local",
                rejected(ReceiveValidator.validate(MCAST6, wire, Packets.expectV3Ipv6())).counterName());
    }

    // RFC 9568 erratum: the address family must match the IP header
    @Test
    void familyMustMatchTheIpHeader_shouldDropWithFamilyMismatch() {
        ReceiveExpectations v6Instance = ReceiveExpectations.v3(AddressFamily.IPV6, 51, 100, 100, List.of());
        assertEquals(RejectReason.FAMILY_MISMATCH,
                rejected(ReceiveValidator.validate(MCAST4, V3_IPV4, v6Instance)).reason());
        assertEquals(RejectReason.FAMILY_MISMATCH,
                rejected(ReceiveValidator.validate(MCAST6, V3_IPV6, Packets.expectV3Ipv4())).reason());
    }

    // Unicast (keepalived unicast_peer / check_unicast_src): only configured peers
    @Test
    void unicastPeerAllowList_shouldDropWithUnknownPeer_forOtherSources() {
        IpEnvelope stranger = new IpEnvelope(Packets.ip("192.0.2.66"), Packets.SRC4, 255, 2);
        byte[] wire = VrrpCodec.encode(Packets.v3Ipv4(), stranger, null);
        ReceiveExpectations unicast = Packets.expectV3Ipv4().withUnicastPeers(Set.of(Packets.PEER4));
        assertEquals(RejectReason.UNKNOWN_PEER,
                rejected(ReceiveValidator.validate(stranger, wire, unicast)).reason());
        IpEnvelope peer = new IpEnvelope(Packets.PEER4, Packets.SRC4, 255, 2);
        accepted(ReceiveValidator.validate(peer, VrrpCodec.encode(Packets.v3Ipv4(), peer, null), unicast));
    }

    @Test
    void unicastPeerAllowList_shouldMatchALinkLocalPeer_whateverItsScopeId() throws Exception {
        java.net.InetAddress scoped = java.net.Inet6Address.getByAddress(null, Packets.PEER6.getAddress(), 2);
        IpEnvelope fromScoped = new IpEnvelope(scoped, Packets.SRC6, 255, 2);
        byte[] wire = VrrpCodec.encode(Packets.v3Ipv6(), fromScoped, null);
        ReceiveExpectations unicast = Packets.expectV3Ipv6().withUnicastPeers(Set.of(Packets.PEER6));
        accepted(ReceiveValidator.validate(fromScoped, wire, unicast));
    }

    @Test
    void rejections_shouldCarryAReadableReason() {
        Rejection r = rejected(ReceiveValidator.validate(Packets.withTtl(MCAST4, 1), V3_IPV4,
                Packets.expectV3Ipv4()));
        assertEquals("ttl_error: TTL 1 from 192.0.2.1, must be 255", r.toString());
    }
}
