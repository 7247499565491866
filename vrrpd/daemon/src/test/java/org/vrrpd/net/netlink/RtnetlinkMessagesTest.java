package org.vrrpd.net.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.net.netlink.NetlinkConstants.*;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Requests built and events read by {@link RtnetlinkMessages}. */
class RtnetlinkMessagesTest {

    private static IfAddrMsg addr(int family, int prefix, int index, RtAttr... attrs) {
        return new IfAddrMsg(family, prefix, 0, 0, index, List.of(attrs));
    }

    private static NlMessage msg(int type, NlBody body) {
        return new NlMessage(type, 0, 0, 0, body);
    }

    private static IfInfoMsg link(int index, int flags, String name) {
        return new IfInfoMsg(AF_UNSPEC, 1, index, flags, 0, List.of(RtAttr.ofString(IFLA_IFNAME, name)));
    }

    @Test
    void addAddress_ipv6Vip_requestsCreateExclAckWithNodad() throws Exception {
        InterfaceAddress vip = InterfaceAddress.vip(7, InetAddress.getByName("2001:db8::1"), 64);
        NlMessage m = RtnetlinkMessages.addAddress(vip, 9);
        assertEquals(RTM_NEWADDR, m.type());
        assertEquals(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, m.flags());
        IfAddrMsg body = (IfAddrMsg) m.body();
        assertEquals(IFA_F_NODAD, body.flags());
        assertEquals(Optional.of(IFA_F_NODAD), RtAttr.find(body.attrs(), IFA_FLAGS).flatMap(RtAttr::asU32));
        assertEquals(AF_INET6, body.family());
        assertEquals(64, body.prefixLength());
        assertEquals(7, body.index());
        assertEquals(Optional.empty(), RtAttr.find(body.attrs(), IFA_LABEL));
    }

    @Test
    void addAddress_ipv4WithLabel_carriesNulTerminatedIfaLabel() throws Exception {
        InterfaceAddress a = InterfaceAddress.vip(2, InetAddress.getByName("192.0.2.1"), 24).withLabel("eth0:1");
        IfAddrMsg body = (IfAddrMsg) RtnetlinkMessages.addAddress(a, 1).body();
        assertEquals("657468303a3100",
                HexFormat.of().formatHex(RtAttr.find(body.attrs(), IFA_LABEL).orElseThrow().value()));
        assertEquals(0, body.flags(), "no NODAD for IPv4");
    }

    @Test
    void toEvents_delAddr_isAddressRemoved() throws Exception {
        InetAddress ip = InetAddress.getByName("2001:db8::5");
        List<NetlinkEvent> ev = RtnetlinkMessages.toEvents(List.of(
                msg(RTM_DELADDR, addr(AF_INET6, 64, 3, new RtAttr(IFA_ADDRESS, ip.getAddress())))));
        assertEquals(List.of(new NetlinkEvent.AddressRemoved(3, ip, 64)), ev);
    }

    @Test
    void toEvents_pointToPointIpv4_usesLocalNotPeerAddress() throws Exception {
        List<NetlinkEvent> ev = RtnetlinkMessages.toEvents(List.of(msg(RTM_NEWADDR, addr(AF_INET, 32, 3,
                new RtAttr(IFA_ADDRESS, InetAddress.getByName("198.51.100.9").getAddress()),
                new RtAttr(IFA_LOCAL, InetAddress.getByName("192.0.2.9").getAddress())))));
        NetlinkEvent.AddressAdded added = (NetlinkEvent.AddressAdded) ev.get(0);
        assertEquals(InetAddress.getByName("192.0.2.9"), added.address().address());
    }

    @Test
    void toEvents_newLinkWithoutUp_isLinkChangedDown_andDelLinkIsLinkRemoved() {
        List<NetlinkEvent> ev = RtnetlinkMessages.toEvents(List.of(
                msg(RTM_NEWLINK, link(4, 0x1002, "veth1")),
                msg(RTM_NEWLINK, link(4, IFF_UP | IFF_RUNNING, "veth1")),
                msg(RTM_DELLINK, link(4, 0, "veth1"))));
        assertEquals(List.of(new NetlinkEvent.LinkChanged(4, "veth1", false, false),
                new NetlinkEvent.LinkChanged(4, "veth1", true, true),
                new NetlinkEvent.LinkRemoved(4, "veth1")), ev);
    }

    @Test
    void toEvents_overrunMessage_isResyncNeeded() {
        List<NetlinkEvent> ev = RtnetlinkMessages.toEvents(List.of(msg(NLMSG_OVERRUN, new NlRaw(new byte[0]))));
        assertTrue(ev.get(0) instanceof NetlinkEvent.ResyncNeeded);
    }

    @Test
    void toEvents_skipsUnusableMessages() throws Exception {
        List<NetlinkEvent> ev = RtnetlinkMessages.toEvents(List.of(
                msg(RTM_NEWADDR, addr(17 /* AF_PACKET */, 0, 3, new RtAttr(IFA_ADDRESS, new byte[6]))),
                msg(RTM_NEWADDR, addr(AF_INET, 24, 3, new RtAttr(IFA_ADDRESS, new byte[16]))),
                msg(RTM_NEWADDR, addr(AF_INET, 33, 3, new RtAttr(IFA_ADDRESS, new byte[4]))),
                msg(RTM_NEWADDR, addr(AF_INET, 24, 0, new RtAttr(IFA_ADDRESS, new byte[4]))),
                msg(RTM_NEWADDR, addr(AF_INET, 24, 3)),
                msg(RTM_NEWLINK, new IfInfoMsg(AF_UNSPEC, 1, 5, IFF_UP, 0, List.of())),
                msg(RTM_GETADDR, addr(AF_INET, 24, 3, new RtAttr(IFA_ADDRESS, new byte[4])))));
        assertEquals(List.of(), ev);
    }

    @Test
    void toAddress_ifaFlagsAttribute_supersedesEightBitFlags() throws Exception {
        IfAddrMsg m = new IfAddrMsg(AF_INET6, 64, 0x80, RT_SCOPE_UNIVERSE, 2, List.of(
                new RtAttr(IFA_ADDRESS, InetAddress.getByName("2001:db8::7").getAddress()),
                RtAttr.ofU32(IFA_FLAGS, 0x282)));
        assertEquals(0x282, RtnetlinkMessages.toAddress(m).orElseThrow().flags());
    }

    @Test
    void toLink_readsNameMacMtuAndOperstate() {
        List<NlMessage> dump = NetlinkCodecTest.ok(NetlinkCodec.decode(NetlinkCodecTest.hex(NetlinkCodecTest.LINK_DUMP)));
        Link l = RtnetlinkMessages.toLink((IfInfoMsg) dump.get(0).body()).orElseThrow();
        assertEquals(new Link(3, "veth0", 0x11043, Link.IF_OPER_UP, HexFormat.of().parseHex("020000000001"), 1500), l);
        assertTrue(l.isUp() && l.isRunning());
        assertEquals("02:00:00:00:00:01", l.macString());
    }

    @ParameterizedTest(name = "label \"{0}\" on {1}: valid={2}")
    @CsvSource({
        "eth0,              eth0, true",
        "eth0:vip,          eth0, true",
        "eth0:1,            eth0, true",
        "eth1:vip,          eth0, false",
        "eth0vip,           eth0, false",
        "vip,               eth0, false",
        "eth0:0123456789ab, eth0, false",
    })
    void labelProblem_acceptsOnlyInterfaceNameOrNameColonSuffixWithinIfnamsiz(String label, String ifname,
            boolean valid) {
        assertEquals(valid, InterfaceAddress.labelProblem(label, ifname).isEmpty(),
                () -> InterfaceAddress.labelProblem(label, ifname).orElse("valid"));
    }
}
