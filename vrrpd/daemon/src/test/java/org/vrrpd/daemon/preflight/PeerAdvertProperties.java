package org.vrrpd.daemon.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.ChecksumMode;
import org.vrrpd.wire.IpEnvelope;
import org.vrrpd.wire.ReceiveExpectations;
import org.vrrpd.wire.ReceiveValidator;
import org.vrrpd.wire.VrrpAdvertisement;
import org.vrrpd.wire.VrrpAuthentication;

/**
 * The census's reading of packets: random bytes never throw (they give a reading or nothing), and an encoded
 * advert with any checksum, right or wrong, reads back as the advert that was sent.
 */
class PeerAdvertProperties {

    private static final InetAddress PEER = PeerJudgeTest.PEER;
    private static final InetAddress GROUP = PeerJudgeTest.ip("224.0.0.18");
    private static final IpEnvelope ENVELOPE = new IpEnvelope(PEER, GROUP, 255, 2);
    private static final ReceiveExpectations V3 = ReceiveExpectations.v3(AddressFamily.IPV4, 51, 100, 100,
            List.of(PeerJudgeTest.VIP));

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    @Property
    void randomBytes_shouldGiveAReadingOrNothing_neverAnException(@ForAll("bytes") byte[] payload) {
        PeerAdvert.of(ENVELOPE, payload, ReceiveValidator.validate(ENVELOPE, payload, V3));
    }

    @Property
    void encodedAdvert_withAnyChecksum_shouldReadBackAsSent(@ForAll @IntRange(min = 1, max = 255) int vrid,
            @ForAll @IntRange(min = 0, max = 255) int priority, @ForAll @IntRange(min = 1, max = 255) int interval,
            @ForAll boolean v2, @ForAll @IntRange(min = 0, max = 0xFFFF) int checksum) {
        VrrpAdvertisement ad = v2
                ? VrrpAdvertisement.v2(vrid, priority, interval, List.of(PeerJudgeTest.VIP), VrrpAuthentication.none())
                : VrrpAdvertisement.v3(vrid, priority, interval, List.of(PeerJudgeTest.VIP));
        byte[] bytes = ad.encode(PEER, GROUP, ChecksumMode.PSEUDO_HEADER);
        bytes[6] = (byte) (checksum >>> 8);
        bytes[7] = (byte) checksum;
        Optional<PeerAdvert> read = PeerAdvert.of(ENVELOPE, bytes, ReceiveValidator.validate(ENVELOPE, bytes, V3));
        assertEquals(ad, read.orElseThrow().advert());
    }
}
