package org.vrrpd.daemon.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.ChecksumMode;
import org.vrrpd.wire.VrrpAdvertisement;
import org.vrrpd.wire.VrrpAuthentication;

/** What differs between a peer's advert and this instance, whether it splits the brain, and the fix. */
class PeerJudgeTest {

    static final InetAddress PEER = ip("192.0.2.11");
    static final InetAddress VIP = ip("192.0.2.10");

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static LocalSettings v2(VrrpAuthentication auth) {
        return new LocalSettings("mail", 51, 2, AddressFamily.IPV4, auth, 100, List.of(VIP), ChecksumMode.MESSAGE_ONLY);
    }

    static LocalSettings v3() {
        return new LocalSettings("mail", 51, 3, AddressFamily.IPV4, VrrpAuthentication.none(), 100, List.of(VIP),
                ChecksumMode.PSEUDO_HEADER);
    }

    static PeerAdvert heard(VrrpAdvertisement ad, ChecksumMode mode, String drop) {
        return new PeerAdvert(PEER, ad, Optional.ofNullable(mode), Optional.ofNullable(drop));
    }

    static PeerAdvert v2Advert(VrrpAuthentication auth, String drop) {
        return heard(VrrpAdvertisement.v2(51, 150, 1, List.of(VIP), auth), ChecksumMode.MESSAGE_ONLY, drop);
    }

    private static List<String> messages(List<Finding> findings) {
        return findings.stream().map(f -> f.message("192.0.2.11")).toList();
    }

    @Test
    void sameSettings_shouldFindNothing() {
        VrrpAuthentication pass = VrrpAuthentication.simplePassword("s3cret");
        assertEquals(List.of(), PeerJudge.judge(v2(pass), v2Advert(pass, null)));
        assertEquals(List.of(), PeerJudge.judge(v3(), heard(VrrpAdvertisement.v3(51, 100, 100, List.of(VIP)),
                ChecksumMode.PSEUDO_HEADER, null)));
    }

    @Test
    void peerWithPassAgainstNone_shouldSplitTheBrain_andSayToConfigurePass() {
        List<Finding> f = PeerJudge.judge(v2(VrrpAuthentication.none()),
                v2Advert(VrrpAuthentication.simplePassword("s3cret"), "auth_mismatch"));
        assertEquals(List.of("peer 192.0.2.11 sends VRRPv2 with auth PASS; set authentication: {type: pass, ...}"
                + " on instance 'mail'"), messages(f));
        assertTrue(f.get(0).splitsBrain());
    }

    @Test
    void peerWithoutAuthAgainstPass_shouldSayToRemoveIt() {
        List<Finding> f = PeerJudge.judge(v2(VrrpAuthentication.simplePassword("s3cret")),
                v2Advert(VrrpAuthentication.none(), "auth_mismatch"));
        assertEquals(List.of("peer 192.0.2.11 sends VRRPv2 without authentication; remove authentication from"
                + " instance 'mail'"), messages(f));
    }

    @Test
    void otherPassword_shouldBeReported_withoutPrintingEitherPassword() {
        List<Finding> f = PeerJudge.judge(v2(VrrpAuthentication.simplePassword("s3cret")),
                v2Advert(VrrpAuthentication.simplePassword("hunter2"), "auth_password_mismatch"));
        assertEquals(1, f.size());
        assertEquals(Finding.Kind.AUTHENTICATION, f.get(0).kind());
        String m = f.get(0).message("192.0.2.11");
        assertTrue(m.contains("different password"), m);
        assertFalse(m.contains("s3cret") || m.contains("hunter2"), m);
    }

    @Test
    void ahPeer_shouldBeNamedAh() {
        byte[] icv = new byte[8];
        List<Finding> f = PeerJudge.judge(v2(VrrpAuthentication.none()),
                v2Advert(new VrrpAuthentication(2, icv), "auth_mismatch"));
        assertEquals(List.of("peer 192.0.2.11 sends VRRPv2 with auth AH; set authentication: {type: ah, ...}"
                + " on instance 'mail'"), messages(f));
    }

    @Test
    void v2PeerWithPassBesideAV3Instance_shouldNameTheVersionAndTheAuthentication() {
        List<Finding> f = PeerJudge.judge(v3(), v2Advert(VrrpAuthentication.simplePassword("s3cret"), "bad_version"));
        assertEquals(List.of(
                "peer 192.0.2.11 sends VRRPv2, this instance speaks VRRPv3; set version: 2 on instance 'mail'"
                        + " (or vrrp_version 3 on the peer)",
                "peer 192.0.2.11 sends VRRPv2 with auth PASS; set authentication: {type: pass, ...} on instance"
                        + " 'mail'"), messages(f));
        assertTrue(f.stream().allMatch(Finding::splitsBrain));
    }

    @Test
    void otherVips_shouldSplitTheBrain_andListBothSides() {
        List<Finding> f = PeerJudge.judge(v3(), heard(VrrpAdvertisement.v3(51, 100, 100,
                List.of(ip("192.0.2.20"), ip("192.0.2.21"))), ChecksumMode.PSEUDO_HEADER, null));
        assertEquals(List.of("peer 192.0.2.11 advertises VIPs 192.0.2.20, 192.0.2.21, this instance 192.0.2.10;"
                + " set the same vips on instance 'mail' (or the same virtual_ipaddress on the peer)"), messages(f));
        assertTrue(f.get(0).splitsBrain());
    }

    @Test
    void sameVipsInAnotherOrder_shouldBeCompatible() {
        LocalSettings two = new LocalSettings("mail", 51, 3, AddressFamily.IPV4, VrrpAuthentication.none(), 100,
                List.of(VIP, ip("192.0.2.20")), ChecksumMode.PSEUDO_HEADER);
        assertEquals(List.of(), PeerJudge.judge(two, heard(VrrpAdvertisement.v3(51, 100, 100,
                List.of(ip("192.0.2.20"), VIP)), ChecksumMode.PSEUDO_HEADER, null)));
    }

    @Test
    void otherIntervalInV2_shouldSplitTheBrain_butInV3OnlyBeNoted() {
        List<Finding> v2 = PeerJudge.judge(v2(VrrpAuthentication.none()), heard(VrrpAdvertisement.v2(51, 150, 2,
                List.of(VIP), VrrpAuthentication.none()), ChecksumMode.MESSAGE_ONLY, "interval_mismatch_v2"));
        assertEquals(1, v2.size(), v2.toString());
        assertTrue(v2.get(0).splitsBrain());
        assertTrue(v2.get(0).fix().startsWith("set advert_interval: 2s"), v2.get(0).fix());
        List<Finding> v3 = PeerJudge.judge(v3(), heard(VrrpAdvertisement.v3(51, 100, 50, List.of(VIP)),
                ChecksumMode.PSEUDO_HEADER, null));
        assertEquals(1, v3.size());
        assertFalse(v3.get(0).splitsBrain());
        assertEquals("set advert_interval: 500ms on instance 'mail'", v3.get(0).fix());
    }

    @Test
    void pseudoHeaderPeer_besideOurMessageOnlyForm_shouldSplitTheBrain_asKeepalivedDropsOurs() {
        LocalSettings rfc = new LocalSettings("mail", 51, 3, AddressFamily.IPV4, VrrpAuthentication.none(), 100,
                List.of(VIP), ChecksumMode.MESSAGE_ONLY);
        List<Finding> f = PeerJudge.judge(rfc, heard(VrrpAdvertisement.v3(51, 100, 100, List.of(VIP)),
                ChecksumMode.PSEUDO_HEADER, null));
        assertEquals(1, f.size());
        assertTrue(f.get(0).splitsBrain());
        assertEquals("set checksum: pseudo-header on instance 'mail'", f.get(0).fix());
    }

    @Test
    void otherV3ChecksumForm_shouldBeNoted_notHeldFor() {
        List<Finding> f = PeerJudge.judge(v3(), heard(VrrpAdvertisement.v3(51, 100, 100, List.of(VIP)),
                ChecksumMode.MESSAGE_ONLY, null));
        assertEquals(1, f.size());
        assertEquals(Finding.Kind.CHECKSUM, f.get(0).kind());
        assertFalse(f.get(0).splitsBrain());
        assertEquals("set checksum: rfc9568 on instance 'mail'", f.get(0).fix());
    }

    @Test
    void wrongChecksum_shouldSplitTheBrain_withoutASecondDroppedFinding() {
        List<Finding> f = PeerJudge.judge(v3(), heard(VrrpAdvertisement.v3(51, 100, 100, List.of(VIP)), null,
                "checksum_error"));
        assertEquals(List.of(Finding.Kind.CHECKSUM), f.stream().map(Finding::kind).toList());
        assertTrue(f.get(0).splitsBrain());
    }

    @Test
    void anyOtherDrop_shouldBeReportedWithItsCounter() {
        List<Finding> f = PeerJudge.judge(v3(), heard(VrrpAdvertisement.v3(51, 100, 100, List.of(VIP)),
                ChecksumMode.PSEUDO_HEADER, "ttl_error"));
        assertEquals(List.of(Finding.Kind.DROPPED), f.stream().map(Finding::kind).toList());
        assertTrue(f.get(0).fix().contains("'ttl_error'"), f.get(0).fix());
    }
}
