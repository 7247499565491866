package org.vrrpd.net.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Round trip and robustness properties of {@link NdMsg} and {@link NeighbourMessages}. */
class NeighbourMessagesProperties {

    @Property
    void ndmsgEncodeThenDecode_returnsTheSameMessage(@ForAll("ndmsgs") NdMsg m) {
        assertEquals(new NdMsg.Decoded.Ok(m), NdMsg.decode(m.body().payload()));
    }

    @Property
    void neighbourMessageThroughTheNetlinkCodec_returnsTheSameNeighbour(@ForAll("neighbours") Neighbour n,
                                                                      @ForAll int seq) {
        int family = NeighbourMessages.family(n.address());
        NdMsg m = new NdMsg(family, n.ifindex(), n.state(), n.flags(), 1,
                List.of(new RtAttr(NeighbourMessages.NDA_DST, n.address().getAddress()),
                        new RtAttr(NeighbourMessages.NDA_LLADDR, n.linkLayerAddress())));
        byte[] datagram = NetlinkCodec.encode(new NlMessage(NeighbourMessages.RTM_NEWNEIGH, 0, seq, 0, m.body()));
        List<NlMessage> back = ((NlDecodeResult.Ok) NetlinkCodec.decode(datagram)).messages();
        assertEquals(Optional.of(n), NeighbourMessages.toNeighbour(back.get(0)));
    }

    @Property
    void requestsThroughTheNetlinkCodec_decodeToTheirOwnNdmsg(@ForAll("addresses") InetAddress address,
                                                             @ForAll @IntRange(min = 1, max = 100_000) int ifindex,
                                                             @ForAll int seq) {
        for (NlMessage request : List.of(NeighbourMessages.get(ifindex, address, seq),
                NeighbourMessages.resolve(ifindex, address, seq),
                NeighbourMessages.dump(NeighbourMessages.family(address), ifindex, seq))) {
            NlDecodeResult r = NetlinkCodec.decode(NetlinkCodec.encode(request));
            assertEquals(new NlDecodeResult.Ok(List.of(request)), r);
            NdMsg.Decoded d = NdMsg.decode(((NlRaw) request.body()).payload());
            assertEquals(NdMsg.Decoded.Ok.class, d.getClass());
        }
    }

    @Property
    void decodeNdmsg_randomBytes_returnsAMessageOrATypedRejection(@ForAll @Size(max = 200) byte[] bytes) {
        NdMsg.Decoded d = NdMsg.decode(bytes);
        assertNotNull(d);
        if (d instanceof NdMsg.Decoded.Rejected r) {
            assertNotNull(r.reason());
            assertNotNull(r.counter());
        }
    }

    @Property
    void toNeighbour_randomBodyBehindANewNeighHeader_neverThrows(@ForAll @Size(max = 200) byte[] body,
                                                                 @ForAll @IntRange(min = -4, max = 4) int skew) {
        ByteBuffer b = ByteBuffer.allocate(16 + body.length).order(ByteOrder.nativeOrder());
        b.putInt(16 + body.length + skew).putShort((short) NeighbourMessages.RTM_NEWNEIGH).putShort((short) 0)
                .putInt(1).putInt(0).put(body);
        NlDecodeResult r = NetlinkCodec.decode(b.array());
        if (r instanceof NlDecodeResult.Ok ok) {
            assertNotNull(NeighbourMessages.toNeighbours(ok.messages(), NetlinkConstants.AF_INET6, 0));
            assertNotNull(NeighbourMessages.toNeighbours(ok.messages(), NetlinkConstants.AF_INET, 0));
        }
    }

    @Provide
    Arbitrary<NdMsg> ndmsgs() {
        Arbitrary<RtAttr> attr = Combinators.combine(Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40)).as(RtAttr::new);
        return Combinators.combine(Arbitraries.integers().between(0, 0xFF), Arbitraries.integers(),
                Arbitraries.integers().between(0, 0xFFFF), Arbitraries.integers().between(0, 0xFF),
                Arbitraries.integers().between(0, 0xFF), attr.list().ofMaxSize(5)).as(NdMsg::new);
    }

    @Provide
    Arbitrary<InetAddress> addresses() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofSize(4),
                Arbitraries.bytes().array(byte[].class).ofSize(16)).map(NeighbourMessagesProperties::address);
    }

    @Provide
    Arbitrary<Neighbour> neighbours() {
        return Combinators.combine(Arbitraries.integers().between(1, 1 << 20), addresses(),
                Arbitraries.integers().between(0, 0xFFFF), Arbitraries.integers().between(0, 0xFF),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(8)).as(Neighbour::new);
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
