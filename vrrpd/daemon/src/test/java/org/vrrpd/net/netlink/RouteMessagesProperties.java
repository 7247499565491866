package org.vrrpd.net.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.Inet6Address;
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
import org.vrrpd.wire.AddressFamily;

/** Round trip and robustness properties of {@link RtMsg} and {@link RouteMessages} (virtual_routes/rules). */
class RouteMessagesProperties {

    @Property
    void rtmsgEncodeThenDecode_returnsTheSameMessage(@ForAll("rtmsgs") RtMsg m) {
        assertEquals(new RtMsg.Decoded.Ok(m), RtMsg.decode(m.body().payload()));
    }

    @Property
    void routeRequestsThroughTheNetlinkCodec_decodeToTheSameRoute(@ForAll("routes") Route r, @ForAll int seq) {
        for (NlMessage request : List.of(RouteMessages.addRoute(r, seq), RouteMessages.removeRoute(r, seq))) {
            NlDecodeResult back = NetlinkCodec.decode(NetlinkCodec.encode(request));
            assertEquals(new NlDecodeResult.Ok(List.of(request)), back);
            assertEquals(Optional.of(r), RouteMessages.toRoute(((NlDecodeResult.Ok) back).messages().get(0)));
        }
    }

    @Property
    void ruleRequestsThroughTheNetlinkCodec_decodeToTheSameRule(@ForAll("rules") Rule r, @ForAll int seq) {
        for (NlMessage request : List.of(RouteMessages.addRule(r, seq), RouteMessages.removeRule(r, seq))) {
            NlDecodeResult back = NetlinkCodec.decode(NetlinkCodec.encode(request));
            assertEquals(new NlDecodeResult.Ok(List.of(request)), back);
            assertEquals(Optional.of(r), RouteMessages.toRule(((NlDecodeResult.Ok) back).messages().get(0)));
        }
    }

    @Property
    void decodeRtmsg_randomBytes_returnsAMessageOrATypedRejection(@ForAll @Size(max = 200) byte[] bytes) {
        RtMsg.Decoded d = RtMsg.decode(bytes);
        assertNotNull(d);
        if (d instanceof RtMsg.Decoded.Rejected r) {
            assertNotNull(r.reason());
            assertNotNull(r.counter());
        }
    }

    @Property
    void toRouteAndToRule_randomBodyBehindARouteHeader_neverThrow(@ForAll @Size(max = 200) byte[] body,
            @ForAll @IntRange(min = -4, max = 4) int skew,
            @ForAll("types") int type) {
        ByteBuffer b = ByteBuffer.allocate(16 + body.length).order(ByteOrder.nativeOrder());
        b.putInt(16 + body.length + skew).putShort((short) type).putShort((short) 0).putInt(1).putInt(0).put(body);
        NlDecodeResult r = NetlinkCodec.decode(b.array());
        if (r instanceof NlDecodeResult.Ok ok) {
            for (NlMessage m : ok.messages()) {
                assertNotNull(RouteMessages.toRoute(m));
                assertNotNull(RouteMessages.toRule(m));
            }
        }
    }

    @Provide
    Arbitrary<Integer> types() {
        return Arbitraries.of(RouteMessages.RTM_NEWROUTE, RouteMessages.RTM_DELROUTE, RouteMessages.RTM_NEWRULE,
                RouteMessages.RTM_DELRULE);
    }

    @Provide
    Arbitrary<RtMsg> rtmsgs() {
        Arbitrary<Integer> u8 = Arbitraries.integers().between(0, 0xFF);
        Arbitrary<RtAttr> attr = Combinators.combine(Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40)).as(RtAttr::new);
        Arbitrary<int[]> bytes = u8.array(int[].class).ofSize(8);
        return Combinators.combine(bytes, Arbitraries.integers(), attr.list().ofMaxSize(5))
                .as((f, flags, attrs) -> new RtMsg(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], flags, attrs));
    }

    @Provide
    Arbitrary<Route> routes() {
        Arbitrary<Long> u32 = Arbitraries.longs().between(1, 0xFFFFFFFFL);
        return Arbitraries.of(AddressFamily.IPV4, AddressFamily.IPV6).flatMap(f -> Combinators.combine(
                address(f), Arbitraries.integers().between(0, f.addressLength() * 8), address(f).optional(),
                Arbitraries.integers().between(1, Integer.MAX_VALUE), u32, u32.injectNull(0.3))
                .as((dst, len, gw, oif, table, metric) -> new Route(dst, len, gw, oif, table,
                        metric == null ? 0 : metric)));
    }

    @Provide
    Arbitrary<Rule> rules() {
        Arbitrary<Long> u32 = Arbitraries.longs().between(1, 0xFFFFFFFFL);
        return Arbitraries.of(AddressFamily.IPV4, AddressFamily.IPV6).flatMap(f -> Combinators.combine(
                address(f).optional(), Arbitraries.integers().between(0, f.addressLength() * 8),
                address(f).optional(), Arbitraries.integers().between(0, f.addressLength() * 8), u32,
                u32.injectNull(0.3))
                .as((from, fl, to, tl, table, prio) -> new Rule(f, from, from.isPresent() ? fl : 0, to,
                        to.isPresent() ? tl : 0, table, prio == null ? 0 : prio)));
    }

    private static Arbitrary<InetAddress> address(AddressFamily f) {
        return Arbitraries.bytes().array(byte[].class).ofSize(f.addressLength()).map(b -> {
            try {
                return b.length == 16 ? Inet6Address.getByAddress(null, b, null) : InetAddress.getByAddress(b);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
