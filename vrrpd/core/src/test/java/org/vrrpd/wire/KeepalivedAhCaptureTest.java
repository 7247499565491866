package org.vrrpd.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Interop with keepalived 2.2.7's {@code auth_type AH} (captured by {@code captures/capture.sh}): our encoder
 * produces every captured datagram byte for byte from the same fields (IP identification and AH sequence number
 * taken from the capture), our decoder accepts them with the same key and rejects them with another.
 */
class KeepalivedAhCaptureTest {

    private static final InetAddress KEEPALIVED = Packets.ip("192.0.2.1");

    @Test
    void multicast_shouldBeByteIdentical_andOpenWithTheSameKey() throws IOException {
        VrrpAdvertisement expected = VrrpAdvertisement.v2(24, 120, 1,
                List.of(Packets.ip("192.0.2.150"), Packets.ip("192.0.2.151")), VrrpAuthentication.ipAuthHeader());
        assertCaptureMatches("v2-ipv4-ah.pcap", expected, Packets.GROUP4, IpsecAh.key("s3cret"), false);
    }

    // keepalived truncates auth_pass 0123456789abc to 8 bytes, and that is the HMAC key
    @Test
    void longKey_shouldKeyTheHmacWithTheFirstEightBytes() throws IOException {
        VrrpAdvertisement expected = VrrpAdvertisement.v2(25, 130, 1, List.of(Packets.ip("192.0.2.160")),
                VrrpAuthentication.ipAuthHeader());
        assertCaptureMatches("v2-ipv4-ah-long-key.pcap", expected, Packets.GROUP4, IpsecAh.key("0123456789abc"),
                false);
        assertArrayEquals(IpsecAh.key("01234567"), IpsecAh.key("0123456789abc"));
    }

    // unicast: keepalived zeroes the TTL in the ICV input as well
    @Test
    void unicast_shouldBeByteIdentical_withTheTtlOutOfTheIcv() throws IOException {
        VrrpAdvertisement expected = VrrpAdvertisement.v2(26, 140, 1, List.of(Packets.ip("192.0.2.170")),
                VrrpAuthentication.ipAuthHeader());
        assertCaptureMatches("v2-ipv4-ah-unicast.pcap", expected, Packets.PEER4, IpsecAh.key("s3cret"), true);
        byte[] captured = load("v2-ipv4-ah-unicast.pcap").get(0);
        assertEquals(RejectReason.AUTH_AH_ICV_MISMATCH,
                IpsecAh.open(captured, 0, IpsecAh.key("s3cret"), false).rejection().orElseThrow().reason(),
                "the multicast ICV form must not verify a unicast advert");
    }

    @Test
    void capture_shouldBeRejected_withAnotherKey() throws IOException {
        byte[] captured = load("v2-ipv4-ah.pcap").get(0);
        Rejection r = IpsecAh.open(captured, 0, IpsecAh.key("s3creT"), false).rejection().orElseThrow();
        assertEquals(RejectReason.AUTH_AH_ICV_MISMATCH, r.reason());
        assertTrue(r.detail().contains("192.0.2.1"), r.detail());
    }

    @Test
    void capture_shouldPassTheReceiveChecks_ofAnAhInstance_andFailThoseOfAPassInstance() throws IOException {
        byte[] captured = load("v2-ipv4-ah.pcap").get(0);
        AhDatagram d = IpsecAh.open(captured, 0, IpsecAh.key("s3cret"), false).authenticated().orElseThrow();
        List<InetAddress> vips = List.of(Packets.ip("192.0.2.150"), Packets.ip("192.0.2.151"));
        ReceiveResult ah = ReceiveValidator.validate(d.envelope(), d.payload(),
                ReceiveExpectations.v2(24, 100, 1, vips, VrrpAuthentication.ipAuthHeader()));
        ReceiveResult pass = ReceiveValidator.validate(d.envelope(), d.payload(),
                ReceiveExpectations.v2(24, 100, 1, vips, VrrpAuthentication.simplePassword("s3cret")));
        assertTrue(ah.accepted().isPresent(), ah::toString);
        assertEquals(RejectReason.AUTH_MISMATCH, pass.rejection().orElseThrow().reason());
    }

    @Test
    void captureSequence_shouldStartAtOne_andBeAcceptedOnce() throws IOException {
        AhSequenceCounter counter = new AhSequenceCounter();
        List<Long> sequences = new ArrayList<>();
        for (byte[] captured : load("v2-ipv4-ah.pcap")) {
            AhDatagram d = IpsecAh.open(captured, 0, IpsecAh.key("s3cret"), false).authenticated().orElseThrow();
            sequences.add(d.sequence());
            assertTrue(counter.receive(d.sequence()).isEmpty());
            assertEquals(RejectReason.AUTH_AH_REPLAY, counter.receive(d.sequence()).orElseThrow().reason());
        }
        assertEquals(List.of(1L, 2L, 3L), sequences);
    }

    private static void assertCaptureMatches(String name, VrrpAdvertisement expected, InetAddress destination,
            byte[] key, boolean unicast) throws IOException {
        List<byte[]> datagrams = load(name);
        assertFalse(datagrams.isEmpty(), "capture holds no AH datagrams");
        for (byte[] captured : datagrams) {
            AhDatagram d = IpsecAh.open(captured, 0, key, unicast).authenticated()
                    .orElseThrow(() -> new AssertionError(IpsecAh.open(captured, 0, key, unicast)));
            assertEquals(new IpEnvelope(KEEPALIVED, destination, 255, 0), d.envelope());
            DecodedAdvertisement decoded = VrrpCodec.decode(d.envelope(), d.payload()).decoded().orElseThrow();
            assertEquals(expected, decoded.advertisement());
            int ipId = ((captured[4] & 0xFF) << 8) | (captured[5] & 0xFF);
            byte[] message = VrrpCodec.encode(expected, d.envelope(), ChecksumMode.MESSAGE_ONLY);
            byte[] ours = IpsecAh.seal(d.envelope(), ipId, d.sequence(), message, key, unicast);
            assertArrayEquals(captured, ours, "our datagram differs from keepalived's in " + name);
        }
    }

    private static List<byte[]> load(String name) throws IOException {
        try (InputStream in = KeepalivedAhCaptureTest.class.getResourceAsStream("/captures/" + name)) {
            assertNotNull(in, "missing capture " + name);
            List<byte[]> out = new ArrayList<>();
            for (PcapReader.Frame f : PcapReader.read(in)) {
                if (f.etherType() == 0x0800 && (f.packet()[9] & 0xFF) == IpsecAh.PROTOCOL_AH) {
                    out.add(f.packet());
                }
            }
            return out;
        }
    }
}
