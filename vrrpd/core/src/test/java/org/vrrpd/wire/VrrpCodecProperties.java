package org.vrrpd.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** decode(encode(x)) == x for v2/v3 × IPv4/IPv6, with the checksum form that was sent. */
class VrrpCodecProperties {

    /** An advert with the envelope it travels in and the instance's v3/IPv4 checksum setting. */
    record Sent(VrrpAdvertisement advert, IpEnvelope envelope, ChecksumMode setting) {
    }

    @Provide
    Arbitrary<Sent> v3Ipv4() {
        return sent(3, AddressFamily.IPV4);
    }

    @Provide
    Arbitrary<Sent> v3Ipv6() {
        return sent(3, AddressFamily.IPV6);
    }

    @Provide
    Arbitrary<Sent> v2Ipv4() {
        return sent(2, AddressFamily.IPV4);
    }

    private static Arbitrary<Sent> sent(int version, AddressFamily family) {
        return Combinators.combine(WireArbitraries.acceptableAdvert(version, family),
                WireArbitraries.envelope(family), Arbitraries.of(ChecksumMode.class)).as(Sent::new);
    }

    @Property
    void roundTrip_v3Ipv4(@ForAll("v3Ipv4") Sent s) {
        assertRoundTrip(s);
    }

    @Property
    void roundTrip_v3Ipv6(@ForAll("v3Ipv6") Sent s) {
        assertRoundTrip(s);
    }

    @Property
    void roundTrip_v2Ipv4(@ForAll("v2Ipv4") Sent s) {
        assertRoundTrip(s);
    }

    private static void assertRoundTrip(Sent s) {
        byte[] wire = VrrpCodec.encode(s.advert(), s.envelope(), s.setting());
        assertEquals(s.advert().encodedLength(), wire.length);
        DecodeResult result = VrrpCodec.decode(s.envelope(), wire);
        DecodedAdvertisement d = result.decoded().orElseThrow(() -> new AssertionError(result));
        assertEquals(s.advert(), d.advertisement());
        ChecksumMode sent = ChecksumMode.effective(s.advert().version(), s.advert().family(), s.setting());
        if (d.checksumMode() != sent) {
            // Only possible for v3/IPv4 when the pseudo-header sums to zero, so both forms verify.
            assertTrue(InternetChecksum.verify(wire, 0, wire.length, d.checksumMode(), s.envelope().source(),
                    s.envelope().destination()), "reported a form that does not verify");
        }
    }
}
