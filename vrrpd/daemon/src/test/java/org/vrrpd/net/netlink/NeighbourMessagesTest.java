package org.vrrpd.net.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NeighbourMessagesTest {

    static final byte[] MAC = {2, 0, 0, 0, 0, 1};

    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    /** An RTM_NEWNEIGH as the kernel sends it: ndmsg, NDA_DST, NDA_LLADDR (padded), NDA_PROBES. */
    static byte[] kernelReply(int family, int ifindex, int state, byte[] dst, byte[] lladdr) {
        int attrs = 4 + dst.length + (lladdr == null ? 0 : 12) + 8;
        ByteBuffer b = ByteBuffer.allocate(16 + 12 + attrs).order(ByteOrder.nativeOrder());
        b.putInt(16 + 12 + attrs).putShort((short) NeighbourMessages.RTM_NEWNEIGH).putShort((short) 0).putInt(5)
                .putInt(0);
        b.put((byte) family).put((byte) 0).putShort((short) 0).putInt(ifindex).putShort((short) state)
                .put((byte) 0).put((byte) 1);
        b.putShort((short) (4 + dst.length)).putShort((short) NeighbourMessages.NDA_DST).put(dst);
        if (lladdr != null) {
            b.putShort((short) 10).putShort((short) NeighbourMessages.NDA_LLADDR).put(lladdr).putShort((short) 0);
        }
        b.putShort((short) 8).putShort((short) 4).putInt(0); // NDA_PROBES
        return b.array();
    }

    private static List<NlMessage> decode(byte[] datagram) {
        return ((NlDecodeResult.Ok) NetlinkCodec.decode(datagram)).messages();
    }

    @Test
    void get_shouldCarryFamilyIfindexAndDestination_withStateFlagsAndTypeZero() throws Exception {
        NlMessage m = NeighbourMessages.get(7, ip("fe80::ff:fe00:1"), 42);
        assertEquals(NeighbourMessages.RTM_GETNEIGH, m.type());
        assertEquals(NetlinkConstants.NLM_F_REQUEST, m.flags(), "a get, not a dump; the reply ends the exchange");
        NdMsg nd = ((NdMsg.Decoded.Ok) NdMsg.decode(((NlRaw) m.body()).payload())).message();
        assertEquals(new NdMsg(NetlinkConstants.AF_INET6, 7, 0, 0, 0,
                List.of(new RtAttr(NeighbourMessages.NDA_DST, ip("fe80::ff:fe00:1").getAddress()))), nd);
        assertEquals(12 + 4 + 16, ((NlRaw) m.body()).payload().length);
    }

    @Test
    void dump_shouldFilterByIfindexAttribute_onlyWhenOneIsGiven() throws Exception {
        NlMessage all = NeighbourMessages.dump(NetlinkConstants.AF_INET, 0, 1);
        NlMessage one = NeighbourMessages.dump(NetlinkConstants.AF_INET, 3, 1);
        assertEquals(NetlinkConstants.NLM_F_REQUEST | NetlinkConstants.NLM_F_DUMP, all.flags());
        assertEquals(List.of(), ((NdMsg.Decoded.Ok) NdMsg.decode(((NlRaw) all.body()).payload())).message().attrs());
        assertEquals(List.of(RtAttr.ofU32(NeighbourMessages.NDA_IFINDEX, 3)),
                ((NdMsg.Decoded.Ok) NdMsg.decode(((NlRaw) one.body()).payload())).message().attrs());
    }

    @Test
    void resolve_shouldBeANewNeighWithUseFlag_createAllowed_andNoState() throws Exception {
        NlMessage m = NeighbourMessages.resolve(2, ip("192.0.2.1"), 9);
        assertEquals(NeighbourMessages.RTM_NEWNEIGH, m.type());
        assertEquals(NetlinkConstants.NLM_F_REQUEST | NetlinkConstants.NLM_F_ACK | NetlinkConstants.NLM_F_CREATE,
                m.flags());
        byte[] body = ((NlRaw) m.body()).payload();
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.nativeOrder());
        assertEquals(NetlinkConstants.AF_INET, b.get(0));
        assertEquals(2, b.getInt(4));
        assertEquals(0, b.getShort(8), "NUD_NONE: a new entry is not made permanent");
        assertEquals(NeighbourMessages.NTF_USE, b.get(10));
        assertEquals(8, b.getShort(12), "rta_len");
        assertEquals(NeighbourMessages.NDA_DST, b.getShort(14));
        assertArrayEquals(HexFormat.of().parseHex("c0000201"), java.util.Arrays.copyOfRange(body, 16, 20));
    }

    @Test
    void toNeighbour_shouldReadAnIpv6EntryWithItsMacAndState() throws Exception {
        byte[] reply = kernelReply(NetlinkConstants.AF_INET6, 7, Neighbour.NUD_STALE,
                ip("fe80::ff:fe00:1").getAddress(), MAC);
        Optional<Neighbour> n = NeighbourMessages.toNeighbour(decode(reply).get(0));
        assertEquals(Optional.of(new Neighbour(7, ip("fe80::ff:fe00:1"), Neighbour.NUD_STALE, 0, MAC)), n);
        assertArrayEquals(MAC, n.get().validEthernetAddress().orElseThrow());
    }

    @Test
    void validEthernetAddress_shouldCountOnlyStatesWithAUsableLinkLayerAddress() throws Exception {
        int[] valid = {Neighbour.NUD_REACHABLE, Neighbour.NUD_STALE, Neighbour.NUD_DELAY, Neighbour.NUD_PROBE,
            Neighbour.NUD_PERMANENT, Neighbour.NUD_NOARP};
        for (int state : valid) {
            assertTrue(new Neighbour(1, ip("192.0.2.1"), state, 0, MAC).validEthernetAddress().isPresent(),
                    "state 0x" + Integer.toHexString(state));
        }
        for (int state : new int[] {0, Neighbour.NUD_INCOMPLETE, Neighbour.NUD_FAILED}) {
            assertTrue(new Neighbour(1, ip("192.0.2.1"), state, 0, MAC).validEthernetAddress().isEmpty(),
                    "state 0x" + Integer.toHexString(state));
        }
        assertTrue(new Neighbour(1, ip("192.0.2.1"), Neighbour.NUD_REACHABLE, 0, new byte[0])
                .validEthernetAddress().isEmpty(), "no NDA_LLADDR");
    }

    @Test
    void toNeighbours_shouldKeepOnlyTheAskedFamilyAndInterface() throws Exception {
        byte[] a = kernelReply(NetlinkConstants.AF_INET, 2, Neighbour.NUD_REACHABLE, ip("192.0.2.1").getAddress(),
                MAC);
        byte[] b = kernelReply(NetlinkConstants.AF_INET, 3, Neighbour.NUD_REACHABLE, ip("192.0.2.1").getAddress(),
                MAC);
        byte[] c = kernelReply(NetlinkConstants.AF_INET6, 2, Neighbour.NUD_REACHABLE,
                ip("2001:db8::1").getAddress(), MAC);
        byte[] all = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        List<Neighbour> n = NeighbourMessages.toNeighbours(decode(all), NetlinkConstants.AF_INET, 2);
        assertEquals(List.of(new Neighbour(2, ip("192.0.2.1"), Neighbour.NUD_REACHABLE, 0, MAC)), n);
    }

    @Test
    void toNeighbour_shouldBeEmpty_forAWrongLengthDestinationOrAnUnknownFamily() throws Exception {
        byte[] shortDst = kernelReply(NetlinkConstants.AF_INET6, 7, Neighbour.NUD_REACHABLE,
                ip("192.0.2.1").getAddress(), MAC);
        byte[] bridge = kernelReply(7, 7, Neighbour.NUD_REACHABLE, ip("192.0.2.1").getAddress(), MAC);
        assertEquals(Optional.empty(), NeighbourMessages.toNeighbour(decode(shortDst).get(0)));
        assertEquals(Optional.empty(), NeighbourMessages.toNeighbour(decode(bridge).get(0)));
    }

    @Test
    void decode_shouldRejectATruncatedNdmsgAndABadAttributeLength_withCounters() {
        NdMsg.Decoded shortBody = NdMsg.decode(new byte[11]);
        assertEquals(NdMsg.COUNTER_TRUNCATED, assertInstanceOf(NdMsg.Decoded.Rejected.class, shortBody).counter());
        byte[] badAttr = new byte[16];
        ByteBuffer.wrap(badAttr).order(ByteOrder.nativeOrder()).putShort(12, (short) 40);
        NdMsg.Decoded bad = NdMsg.decode(badAttr);
        assertEquals(NdMsg.COUNTER_BAD_ATTRIBUTE, assertInstanceOf(NdMsg.Decoded.Rejected.class, bad).counter());
    }
}
