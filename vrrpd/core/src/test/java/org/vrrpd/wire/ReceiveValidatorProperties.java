package org.vrrpd.wire;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * Hostile input: arbitrary bytes in arbitrary envelopes never make the decoder, the validator or the IPv4
 * header parser throw, and no single flipped bit in an encoded advert passes as the same packet.
 */
class ReceiveValidatorProperties {

    /** Bytes to decode with their envelope; half are shaped so that length and checksum are right. */
    record Received(IpEnvelope envelope, byte[] payload) {
    }

    @Provide
    Arbitrary<Received> received() {
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        return Combinators.combine(WireArbitraries.anyEnvelope(), raw, Arbitraries.integers().between(0, 2),
                Arbitraries.of(ChecksumMode.class)).as(ReceiveValidatorProperties::shape);
    }

    /** shape 0: raw bytes; 1: v2/v3 header with a consistent length; 2: the same plus a valid checksum. */
    private static Received shape(IpEnvelope env, byte[] raw, int shape, ChecksumMode mode) {
        if (shape == 0 || raw.length < VrrpCodec.HEADER_LENGTH) {
            return new Received(env, raw);
        }
        byte[] p = raw.clone();
        boolean v2 = (p[0] & 0x10) == 0 && !env.isIpv6();
        p[0] = (byte) ((v2 ? 0x20 : 0x30) | ((p[1] & 0x07) == 0 ? p[0] & 0x0F : 1));
        int addrLen = env.isIpv6() ? 16 : 4;
        int count = (p.length - VrrpCodec.HEADER_LENGTH - (v2 ? 8 : 0)) / addrLen;
        p[3] = (byte) Math.max(0, Math.min(255, count));
        int length = VrrpCodec.HEADER_LENGTH + (p[3] & 0xFF) * addrLen + (v2 ? 8 : 0);
        p = java.util.Arrays.copyOf(p, Math.max(length, VrrpCodec.HEADER_LENGTH));
        if (shape == 2) {
            Packets.fixChecksum(p, v2 ? ChecksumMode.MESSAGE_ONLY : mode, env);
        }
        return new Received(env, p);
    }

    @Provide
    Arbitrary<ReceiveExpectations> expectations() {
        Arbitrary<ReceiveExpectations> v3 = Combinators.combine(Arbitraries.of(AddressFamily.class),
                Arbitraries.integers().between(1, 255), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(1, 4095), Arbitraries.of(true, false))
                .as((f, vrid, prio, iv, unicast) -> {
                    ReceiveExpectations e = ReceiveExpectations.v3(f, vrid, prio, iv, List.of());
                    return unicast ? e.withUnicastPeers(Set.of()) : e;
                });
        Arbitrary<VrrpAuthentication> auth = Arbitraries.oneOf(Arbitraries.just(VrrpAuthentication.none()),
                Arbitraries.strings().ascii().ofMaxLength(12).map(VrrpAuthentication::simplePasswordTruncated));
        Arbitrary<ReceiveExpectations> v2 = Combinators.combine(Arbitraries.integers().between(1, 255),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(1, 255), auth)
                .as((vrid, prio, iv, a) -> ReceiveExpectations.v2(vrid, prio, iv, List.of(), a));
        return Arbitraries.oneOf(v3, v2);
    }

    /** A received packet and an instance to validate it against, usually of the envelope's family. */
    record Case(Received received, ReceiveExpectations expected) {
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(received(), expectations(), Arbitraries.integers().between(0, 4))
                .as((r, e, mismatch) -> {
                    AddressFamily family = AddressFamily.of(r.envelope().source());
                    if (mismatch == 0 || e.family() == family) {
                        return new Case(r, e);
                    }
                    return new Case(r, new ReceiveExpectations(3, family, e.vrid(), e.localPriority(),
                            e.localAdverIntervalCentis(), List.of(), e.unicast(), Set.of(), VrrpAuthentication.none()));
                });
    }

    @Property(tries = 100000)
    void arbitraryBytes_shouldDecodeToAValueOrATypedRejection_neverThrow(@ForAll("cases") Case c) {
        Received r = c.received();
        ReceiveExpectations expected = c.expected();
        DecodeResult decoded = VrrpCodec.decode(r.envelope(), r.payload());
        assertNotNull(decoded);
        decoded.rejection().ifPresent(ReceiveValidatorProperties::assertReadable);
        ReceiveResult validated = ReceiveValidator.validate(r.envelope(), r.payload(), expected);
        assertNotNull(validated);
        validated.rejection().ifPresent(ReceiveValidatorProperties::assertReadable);
        Statistics.label("validate").collect(validated.rejection().map(Rejection::counterName).orElse("accepted"));
    }

    @Property(tries = 100000)
    void arbitraryBytes_shouldParseAsIpv4OrATypedRejection_neverThrow(
            @ForAll("ipv4Datagrams") byte[] datagram) {
        Ipv4ParseResult result = Ipv4Header.parse(datagram, 3);
        assertNotNull(result);
        result.rejection().ifPresent(ReceiveValidatorProperties::assertReadable);
    }

    @Provide
    Arbitrary<byte[]> ipv4Datagrams() {
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(120);
        return Arbitraries.oneOf(raw, raw.filter(b -> b.length >= 20).map(b -> {
            byte[] p = b.clone();
            p[0] = (byte) (0x40 | (p[0] & 0x0F));
            p[2] = 0;
            p[3] = (byte) p.length;
            p[9] = 112;
            return p;
        }));
    }

    @Provide
    Arbitrary<VrrpCodecProperties.Sent> anySent() {
        return Arbitraries.oneOf(new VrrpCodecProperties().v3Ipv4(), new VrrpCodecProperties().v3Ipv6(),
                new VrrpCodecProperties().v2Ipv4());
    }

    @Property
    void anySingleBitFlip_shouldBeRejected_neverAcceptedAsTheSamePacket(
            @ForAll("anySent") VrrpCodecProperties.Sent s, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int bitSeed) {
        byte[] wire = VrrpCodec.encode(s.advert(), s.envelope(), s.setting());
        ChecksumMode sentForm = VrrpCodec.decode(s.envelope(), wire).decoded().orElseThrow().checksumMode();
        int bit = bitSeed % (wire.length * 8);
        wire[bit / 8] ^= (byte) (1 << (bit % 8));
        DecodeResult result = VrrpCodec.decode(s.envelope(), wire);
        if (result instanceof DecodedAdvertisement d) {
            // Accepting both v3/IPv4 forms means a flip that shifts the sum by exactly the pseudo-header sum
            // can pass under the other form; it can never pass under the form it was sent with.
            assertTrue(s.advert().version() == 3 && s.advert().family() == AddressFamily.IPV4,
                    "bit " + bit + " flipped and accepted: " + d);
            assertNotEquals(sentForm, d.checksumMode());
        }
    }

    private static void assertReadable(Rejection r) {
        assertNotNull(r.reason().counterName());
        assertTrue(!r.detail().isBlank(), "empty detail for " + r.reason());
    }
}
