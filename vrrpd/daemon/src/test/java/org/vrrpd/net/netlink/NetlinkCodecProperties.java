package org.vrrpd.net.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Round trip and robustness properties of {@link NetlinkCodec} and the event mapping on top of it. */
class NetlinkCodecProperties {

    private static final int[] TYPES = {NetlinkConstants.NLMSG_ERROR, NetlinkConstants.NLMSG_DONE,
        NetlinkConstants.RTM_NEWLINK, NetlinkConstants.RTM_DELLINK, NetlinkConstants.RTM_GETLINK,
        NetlinkConstants.RTM_NEWADDR, NetlinkConstants.RTM_DELADDR, NetlinkConstants.RTM_GETADDR,
        NetlinkConstants.NLMSG_OVERRUN, 24, 0xFFFF};

    @Property
    void encodeThenDecode_returnsTheSameMessages(@ForAll("datagrams") List<NlMessage> messages) {
        NlDecodeResult r = NetlinkCodec.decode(NetlinkCodec.encode(messages));
        assertEquals(new NlDecodeResult.Ok(messages), r);
    }

    @Property
    void decode_randomBytes_returnsMessagesOrTypedRejection(@ForAll @Size(max = 300) byte[] bytes) {
        assertDecodesSafely(bytes);
    }

    @Property
    void decode_randomBodyBehindConsistentHeader_returnsMessagesOrTypedRejection(
            @ForAll @Size(max = 200) byte[] body, @ForAll @IntRange(min = 0, max = 10) int typeIndex,
            @ForAll @IntRange(min = -4, max = 4) int lengthSkew) {
        int len = 16 + body.length + lengthSkew;
        ByteBuffer b = ByteBuffer.allocate(16 + body.length).order(ByteOrder.nativeOrder());
        b.putInt(len).putShort((short) TYPES[typeIndex]).putShort((short) 0).putInt(1).putInt(0).put(body);
        assertDecodesSafely(b.array());
    }

    @Property
    void decode_corruptedValidDatagram_returnsMessagesOrTypedRejection(
            @ForAll("datagrams") List<NlMessage> messages, @ForAll @IntRange(min = 0, max = 10_000) int where,
            @ForAll byte value) {
        byte[] bytes = NetlinkCodec.encode(messages);
        if (bytes.length > 0) {
            bytes[where % bytes.length] = value;
        }
        assertDecodesSafely(bytes);
    }

    /** Decoding yields Ok or Rejected, never an exception, and Ok results always map to events safely. */
    private static void assertDecodesSafely(byte[] bytes) {
        NlDecodeResult r = NetlinkCodec.decode(bytes);
        assertNotNull(r);
        if (r instanceof NlDecodeResult.Rejected rej) {
            assertFalse(rej.reason().isBlank());
            assertTrue(rej.counter().startsWith("netlink.rx."), rej.counter());
        } else {
            List<NlMessage> msgs = ((NlDecodeResult.Ok) r).messages();
            assertNotNull(RtnetlinkMessages.toEvents(msgs));
            for (NlMessage m : msgs) {
                if (m.body() instanceof IfAddrMsg a) {
                    RtnetlinkMessages.toAddress(a);
                } else if (m.body() instanceof IfInfoMsg i) {
                    RtnetlinkMessages.toLink(i);
                }
            }
        }
    }

    @Provide
    Arbitrary<List<NlMessage>> datagrams() {
        return message().list().ofMaxSize(4);
    }

    private Arbitrary<NlMessage> message() {
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xFFFF);
        Arbitrary<Integer> anyInt = Arbitraries.integers();
        Arbitrary<Integer> u8 = Arbitraries.integers().between(0, 0xFF);
        Arbitrary<List<RtAttr>> attrs = Combinators.combine(u16, Arbitraries.bytes().array(byte[].class).ofMaxSize(24))
                .as(RtAttr::new).list().ofMaxSize(5);
        Arbitrary<NlMessage> addr = Combinators.combine(
                Arbitraries.of(NetlinkConstants.RTM_NEWADDR, NetlinkConstants.RTM_DELADDR,
                        NetlinkConstants.RTM_GETADDR),
                u8, u8, u8, u8, anyInt, attrs, anyInt)
                .as((type, fam, plen, fl, scope, idx, a, seq) ->
                        new NlMessage(type, 0, seq, 0, new IfAddrMsg(fam, plen, fl, scope, idx, a)));
        Arbitrary<NlMessage> link = Combinators.combine(
                Arbitraries.of(NetlinkConstants.RTM_NEWLINK, NetlinkConstants.RTM_DELLINK,
                        NetlinkConstants.RTM_GETLINK),
                u8, u16, anyInt, anyInt, anyInt, attrs, u16)
                .as((type, fam, dev, idx, fl, ch, a, flags) ->
                        new NlMessage(type, flags, 0, 0, new IfInfoMsg(fam, dev, idx, fl, ch, a)));
        Arbitrary<NlMessage> error = Combinators.combine(Arbitraries.integers().between(0, 4095), anyInt, u16, u16,
                anyInt, anyInt, attrs)
                .as((errno, len, type, flags, seq, pid, tlvs) -> new NlMessage(NetlinkConstants.NLMSG_ERROR,
                        tlvs.isEmpty() ? 0 : NetlinkConstants.NLM_F_CAPPED | NetlinkConstants.NLM_F_ACK_TLVS, seq, pid,
                        new NlError(errno, new NlMessage.Header(len, type, flags, seq, pid), tlvs)));
        Arbitrary<NlMessage> done = Combinators.combine(anyInt, u16, anyInt)
                .as((status, flags, seq) -> new NlMessage(NetlinkConstants.NLMSG_DONE, flags, seq, 0,
                        new NlDone(status)));
        Arbitrary<NlMessage> raw = Combinators.combine(
                Arbitraries.of(NetlinkConstants.NLMSG_NOOP, NetlinkConstants.NLMSG_OVERRUN, 24, 25, 0xFFFF),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40), anyInt)
                .as((type, payload, pid) -> new NlMessage(type, 0, 0, pid, new NlRaw(payload)));
        return Arbitraries.oneOf(addr, link, error, done, raw);
    }
}
