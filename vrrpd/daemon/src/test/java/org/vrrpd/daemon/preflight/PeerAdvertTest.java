package org.vrrpd.daemon.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.daemon.preflight.PeerJudgeTest.VIP;
import static org.vrrpd.daemon.preflight.PeerJudgeTest.ip;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.ChecksumMode;
import org.vrrpd.wire.IpEnvelope;
import org.vrrpd.wire.ReceiveExpectations;
import org.vrrpd.wire.ReceiveResult;
import org.vrrpd.wire.ReceiveValidator;
import org.vrrpd.wire.VrrpAdvertisement;
import org.vrrpd.wire.VrrpAuthentication;

/** What the census reads from a packet the receive path accepted or dropped. */
class PeerAdvertTest {

    private static final InetAddress GROUP = ip("224.0.0.18");
    private static final IpEnvelope ENVELOPE = new IpEnvelope(PeerJudgeTest.PEER, GROUP, 255, 2);
    private static final ReceiveExpectations V3 = ReceiveExpectations.v3(
            AddressFamily.IPV4, 51, 100, 100, List.of(VIP));

    private static Optional<PeerAdvert> read(byte[] payload, ReceiveExpectations expected) {
        ReceiveResult verdict = ReceiveValidator.validate(ENVELOPE, payload, expected);
        return PeerAdvert.of(ENVELOPE, payload, verdict);
    }

    @Test
    void acceptedAdvert_shouldBeReadWithItsChecksumForm_andNoDropReason() {
        VrrpAdvertisement ad = VrrpAdvertisement.v3(51, 150, 100, List.of(VIP));
        PeerAdvert p = read(ad.encode(PeerJudgeTest.PEER, GROUP, ChecksumMode.MESSAGE_ONLY), V3).orElseThrow();
        assertEquals(ad, p.advert());
        assertEquals(Optional.of(ChecksumMode.MESSAGE_ONLY), p.checksum());
        assertEquals(Optional.empty(), p.dropReason());
    }

    @Test
    void advertOfAnotherVersion_shouldBeReadWithTheDropReason() {
        VrrpAdvertisement ad = VrrpAdvertisement.v2(51, 150, 1, List.of(VIP), VrrpAuthentication.simplePassword("x"));
        PeerAdvert p = read(ad.encode(PeerJudgeTest.PEER, GROUP, ChecksumMode.MESSAGE_ONLY), V3).orElseThrow();
        assertEquals(ad, p.advert());
        assertEquals(Optional.of("bad_version"), p.dropReason());
    }

    @Test
    void advertWithAWrongChecksum_shouldStillBeRead_withoutAChecksumForm() {
        VrrpAdvertisement ad = VrrpAdvertisement.v3(51, 150, 100, List.of(VIP, ip("192.0.2.20")));
        byte[] bytes = ad.encode(PeerJudgeTest.PEER, GROUP, ChecksumMode.PSEUDO_HEADER);
        bytes[7] ^= 0x5a;
        PeerAdvert p = read(bytes, V3).orElseThrow();
        assertEquals(ad, p.advert());
        assertEquals(Optional.empty(), p.checksum());
        assertEquals(Optional.of("checksum_error"), p.dropReason());
    }

    @Test
    void v2AdvertWithAWrongChecksum_shouldStillBeRead() {
        VrrpAdvertisement ad = VrrpAdvertisement.v2(51, 150, 1, List.of(VIP), VrrpAuthentication.none());
        byte[] bytes = ad.encode(PeerJudgeTest.PEER, GROUP, ChecksumMode.MESSAGE_ONLY);
        bytes[6] ^= 0x01;
        PeerAdvert p = read(bytes, ReceiveExpectations.v2(51, 100, 1, List.of(VIP), VrrpAuthentication.none()))
                .orElseThrow();
        assertEquals(ad, p.advert());
        assertEquals(Optional.of("checksum_error"), p.dropReason());
    }

    @Test
    void bytesThatAreNoAdvert_shouldGiveNothing() {
        assertTrue(read(new byte[] {0x31, 51}, V3).isEmpty());
        byte[] badType = VrrpAdvertisement.v3(51, 150, 100, List.of(VIP))
                .encode(PeerJudgeTest.PEER, GROUP, ChecksumMode.PSEUDO_HEADER);
        badType[0] = 0x32;
        assertTrue(read(badType, V3).isEmpty());
    }
}
