package org.vrrpd.net.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.vrrpd.net.netlink.RtAttr;

/** Round trip and robustness properties of the nf_tables decoders ({@link NfgenMessage}, {@link NftCounter}). */
class NfgenMessageProperties {

    @Property
    void encodeThenDecode_returnsTheSameMessage(@ForAll("messages") NfgenMessage m) {
        assertEquals(new NftDecodeResult.Ok<>(m), NfgenMessage.decode(m.encode()));
    }

    @Property
    void counter_encodeThenDecode_returnsTheSameValues(@ForAll @LongRange(min = Long.MIN_VALUE) long packets,
            @ForAll long bytes) {
        NftCounter c = new NftCounter(packets, bytes);
        NftDecodeResult<NfgenMessage> m = NfgenMessage.decode(c.toObject(NftConstants.NFPROTO_INET, "vrrpd", "x")
                .encode());
        assertEquals(new NftDecodeResult.Ok<>(c), NftCounter.from(((NftDecodeResult.Ok<NfgenMessage>) m).value()));
    }

    @Property
    void decode_randomBytes_returnsMessageOrTypedRejection(@ForAll @Size(max = 300) byte[] bytes) {
        assertDecodesSafely(bytes);
    }

    @Property
    void decode_corruptedValidMessage_returnsMessageOrTypedRejection(@ForAll("messages") NfgenMessage m,
            @ForAll @IntRange(min = 0, max = 10_000) int where, @ForAll byte value) {
        byte[] bytes = m.encode();
        bytes[where % bytes.length] = value;
        assertDecodesSafely(bytes);
    }

    /** Decoding yields Ok or Rejected, never an exception, and an Ok body read as a counter does the same. */
    private static void assertDecodesSafely(byte[] bytes) {
        NftDecodeResult<NfgenMessage> r = NfgenMessage.decode(bytes);
        assertNotNull(r);
        if (r instanceof NftDecodeResult.Rejected<NfgenMessage> rej) {
            assertFalse(rej.reason().isBlank());
            assertTrue(rej.counter().startsWith("nftables.rx."), rej.counter());
        } else {
            NftDecodeResult<NftCounter> c = NftCounter.from(((NftDecodeResult.Ok<NfgenMessage>) r).value());
            if (c instanceof NftDecodeResult.Rejected<NftCounter> rej) {
                assertTrue(rej.counter().startsWith("nftables.rx."), rej.counter());
            }
        }
    }

    @Provide
    Arbitrary<NfgenMessage> messages() {
        Arbitrary<RtAttr> attr = Combinators.combine(Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40)).as(RtAttr::new);
        return Combinators.combine(Arbitraries.integers().between(0, 0xFF), Arbitraries.integers().between(0, 0xFFFF),
                attr.list().ofMaxSize(6)).as(NfgenMessage::new);
    }

    @Property
    void decode_neverLosesAttributesOfAValidMessage(@ForAll("messages") NfgenMessage m) {
        NftDecodeResult<NfgenMessage> r = NfgenMessage.decode(m.encode());
        assertEquals(m.attrs().size(), ((NftDecodeResult.Ok<NfgenMessage>) r).value().attrs().size());
        assertEquals(List.copyOf(m.attrs()), ((NftDecodeResult.Ok<NfgenMessage>) r).value().attrs());
    }
}
