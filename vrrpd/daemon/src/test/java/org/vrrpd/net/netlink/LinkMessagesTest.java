package org.vrrpd.net.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.net.netlink.NetlinkConstants.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkMessagesTest {

    private static final byte[] VMAC = {0x00, 0x00, 0x5e, 0x00, 0x01, 0x07};

    private static IfInfoMsg roundTrip(NlMessage m) {
        NlDecodeResult r = NetlinkCodec.decode(NetlinkCodec.encode(m));
        return (IfInfoMsg) ((NlDecodeResult.Ok) r).messages().get(0).body();
    }

    @Test
    void newMacvlan_shouldCarryNameParentMacAndPrivateMode_andCreateExclusively() {
        NlMessage m = LinkMessages.newMacvlan("vrrp.7", 3, VMAC, MACVLAN_MODE_PRIVATE, 9);
        assertEquals(RTM_NEWLINK, m.type());
        assertEquals(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, m.flags());
        IfInfoMsg body = roundTrip(m);
        // the request has no index; the reply the kernel would send carries one
        IfInfoMsg asReply = new IfInfoMsg(body.family(), 1, 12, 0, 0, body.attrs());
        assertEquals(new Macvlan(12, "vrrp.7", 3, VMAC, MACVLAN_MODE_PRIVATE),
                LinkMessages.toMacvlan(asReply).orElseThrow());
    }

    @Test
    void newMacvlan_linkInfo_shouldNestKindThenDataWithTheMode() {
        IfInfoMsg body = roundTrip(LinkMessages.newMacvlan("vrrp.7", 3, VMAC, MACVLAN_MODE_PRIVATE, 1));
        List<RtAttr> info = RtAttr.find(body.attrs(), IFLA_LINKINFO).orElseThrow().children().orElseThrow();
        assertEquals("macvlan", info.get(0).asString());
        assertEquals(IFLA_INFO_KIND, info.get(0).type());
        List<RtAttr> data = info.get(1).children().orElseThrow();
        assertEquals(List.of(RtAttr.ofU32(IFLA_MACVLAN_MODE, MACVLAN_MODE_PRIVATE)), data);
    }

    @Test
    void toMacvlan_shouldBeEmpty_forALinkOfAnotherKind() {
        RtAttr info = RtAttr.nested(IFLA_LINKINFO, List.of(RtAttr.ofString(IFLA_INFO_KIND, "veth")));
        IfInfoMsg veth = new IfInfoMsg(AF_UNSPEC, 1, 4, 0, 0, List.of(RtAttr.ofString(IFLA_IFNAME, "eth0"), info));
        assertTrue(LinkMessages.toMacvlan(veth).isEmpty());
    }

    @Test
    void setIpv4DevConf_shouldNestAfSpecInetConf_withOneU32PerSetting() {
        IfInfoMsg body = roundTrip(LinkMessages.setIpv4DevConf(5, Map.of(IPV4_DEVCONF_ARP_IGNORE, 1,
                IPV4_DEVCONF_RP_FILTER, 0), 1));
        assertEquals(5, body.index());
        List<RtAttr> families = RtAttr.find(body.attrs(), IFLA_AF_SPEC).orElseThrow().children().orElseThrow();
        assertEquals(AF_INET, families.get(0).type());
        List<RtAttr> conf = families.get(0).children().orElseThrow().get(0).children().orElseThrow();
        assertEquals(List.of(RtAttr.ofU32(IPV4_DEVCONF_RP_FILTER, 0), RtAttr.ofU32(IPV4_DEVCONF_ARP_IGNORE, 1)),
                conf);
    }

    @Test
    void setUp_shouldChangeOnlyIffUp() {
        IfInfoMsg up = roundTrip(LinkMessages.setUp(5, true, 1));
        IfInfoMsg down = roundTrip(LinkMessages.setUp(5, false, 1));
        assertEquals(IFF_UP, up.flags());
        assertEquals(0, down.flags());
        assertEquals(IFF_UP, up.change());
        assertEquals(IFF_UP, down.change());
    }

    @Test
    void toIpv4DevConf_shouldReadTheKernelsArray_elementIAsSettingIPlusOne() {
        ByteBuffer b = ByteBuffer.allocate(4 * 24).order(ByteOrder.nativeOrder());
        for (int i = 1; i <= 24; i++) {
            b.putInt(i == IPV4_DEVCONF_ARP_IGNORE ? 2 : i == IPV4_DEVCONF_ARPFILTER ? 1 : 0);
        }
        RtAttr spec = RtAttr.nested(IFLA_AF_SPEC, List.of(RtAttr.nested(AF_INET,
                List.of(new RtAttr(IFLA_INET_CONF, b.array())))));
        Map<Integer, Integer> conf = LinkMessages.toIpv4DevConf(new IfInfoMsg(AF_UNSPEC, 1, 4, 0, 0, List.of(spec)));
        assertEquals(24, conf.size());
        assertEquals(2, conf.get(IPV4_DEVCONF_ARP_IGNORE));
        assertEquals(1, conf.get(IPV4_DEVCONF_ARPFILTER));
        assertEquals(0, conf.get(IPV4_DEVCONF_RP_FILTER));
    }

    @Test
    void children_shouldBeEmpty_whenTheValueIsNoAttributeSequence() {
        assertTrue(new RtAttr(IFLA_LINKINFO, new byte[] {40, 0, 1, 0}).children().isEmpty());
        assertTrue(new RtAttr(IFLA_LINKINFO, new byte[] {1, 0}).children().isEmpty());
    }
}
