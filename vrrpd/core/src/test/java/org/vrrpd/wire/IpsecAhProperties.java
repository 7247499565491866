package org.vrrpd.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * IPsec-AH datagrams: open(seal(x)) == x with the same key; any other key, and any change to a byte the ICV
 * covers, is rejected; random bytes (raw, or behind a well-formed IP and AH header) give a typed rejection.
 */
class IpsecAhProperties {

    /** What one sender seals. */
    record Sealed(IpEnvelope envelope, int ipId, long sequence, VrrpAdvertisement advert, byte[] key,
            boolean unicast) {

        byte[] datagram() {
            return IpsecAh.seal(envelope, ipId, sequence, VrrpCodec.encode(advert, envelope, null), key, unicast);
        }
    }

    @Provide
    Arbitrary<Sealed> sealed() {
        Arbitrary<IpEnvelope> envelope = Combinators.combine(WireArbitraries.ipv4(), WireArbitraries.ipv4(),
                WireArbitraries.ttl()).as((s, d, ttl) -> new IpEnvelope(s, d, ttl, 0));
        Arbitrary<VrrpAdvertisement> advert = WireArbitraries.acceptableAdvert(2, AddressFamily.IPV4)
                .map(a -> new VrrpAdvertisement(2, 1, a.vrid(), a.priority(), a.maxAdverInterval(),
                        AddressFamily.IPV4, a.addresses(), VrrpAuthentication.ipAuthHeader()));
        return Combinators.combine(envelope, Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.longs().between(0, IpsecAh.MAX_SEQUENCE), advert,
                Arbitraries.bytes().array(byte[].class).ofSize(IpsecAh.KEY_LENGTH), Arbitraries.of(true, false))
                .as(Sealed::new);
    }

    @Property
    void open_shouldReturnWhatWasSealed_withTheSameKey(@ForAll("sealed") Sealed s) {
        byte[] wire = s.datagram();
        AhParseResult r = IpsecAh.open(wire, 7, s.key(), s.unicast());
        AhDatagram d = r.authenticated().orElseThrow(() -> new AssertionError(r));
        assertEquals(new IpEnvelope(s.envelope().source(), s.envelope().destination(), s.envelope().ttl(), 7),
                d.envelope());
        assertEquals(s.sequence(), d.sequence());
        DecodedAdvertisement decoded = VrrpCodec.decode(d.envelope(), d.payload()).decoded().orElseThrow();
        assertEquals(s.advert(), decoded.advertisement());
    }

    @Property
    void open_shouldRejectTheIcv_withAnyOtherKey(@ForAll("sealed") Sealed s,
            @ForAll @IntRange(min = 0, max = IpsecAh.KEY_LENGTH * 8 - 1) int bit) {
        byte[] other = s.key().clone();
        other[bit / 8] ^= (byte) (1 << (bit % 8));
        Rejection r = IpsecAh.open(s.datagram(), 0, other, s.unicast()).rejection().orElseThrow();
        assertEquals(RejectReason.AUTH_AH_ICV_MISMATCH, r.reason());
    }

    /** Bytes the ICV leaves out: TOS, flags/fragment, header checksum, and in unicast mode the TTL. */
    @Property
    void open_shouldRejectEveryCoveredByteChanged_andIgnoreTheMutableOnes(@ForAll("sealed") Sealed s,
            @ForAll @IntRange(min = 0, max = 200) int position, @ForAll @IntRange(min = 1, max = 255) int xor) {
        byte[] wire = s.datagram();
        int at = position % wire.length;
        wire[at] ^= (byte) xor;
        AhParseResult r = IpsecAh.open(wire, 0, s.key(), s.unicast());
        Set<Integer> mutable = s.unicast() ? Set.of(1, 8, 10, 11) : Set.of(1, 10, 11);
        if (mutable.contains(at)) {
            assertTrue(r.authenticated().isPresent(), () -> "byte " + at + ": " + r);
        } else if (at == 6 || at == 7) {
            // a changed fragment field makes it a fragment, or is ignored by the ICV if it still is not one
            assertTrue(r.authenticated().isPresent() || r.rejection().orElseThrow().reason() == RejectReason.IP_FRAGMENT);
        } else {
            assertTrue(r.rejection().isPresent(), () -> "byte " + at + " changed and still accepted");
        }
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Combinators.combine(raw, Arbitraries.integers().between(0, 2)).as(IpsecAhProperties::shape);
    }

    /** shape 0: raw; 1: a plausible IPv4 header for protocol 51 in front; 2: also AH next header 112, length 4. */
    private static byte[] shape(byte[] raw, int shape) {
        if (shape == 0 || raw.length < 20) {
            return raw;
        }
        byte[] p = raw.clone();
        p[0] = 0x45;
        p[2] = (byte) (p.length >>> 8);
        p[3] = (byte) p.length;
        p[6] = 0;
        p[7] = 0;
        p[9] = (byte) IpsecAh.PROTOCOL_AH;
        if (shape == 2 && p.length >= 22) {
            p[20] = (byte) InternetChecksum.PROTOCOL_VRRP;
            p[21] = (byte) IpsecAh.PAYLOAD_LENGTH_FIELD;
        }
        return p;
    }

    @Property
    void open_shouldNeverThrow_onRandomBytes(@ForAll("hostile") byte[] bytes, @ForAll boolean unicast) {
        AhParseResult r = IpsecAh.open(bytes, 0, IpsecAh.key("s3cret"), unicast);
        assertNotNull(r);
        assertTrue(r.rejection().isPresent(), "random bytes passed the ICV: " + r);
    }

    @Property
    void key_shouldBeTheFirstEightBytes_zeroPadded(@ForAll String authPass) {
        byte[] key = IpsecAh.key(authPass);
        assertEquals(IpsecAh.KEY_LENGTH, key.length);
        byte[] utf8 = authPass.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < IpsecAh.KEY_LENGTH; i++) {
            assertEquals(i < utf8.length ? utf8[i] : 0, key[i]);
        }
    }
}
