package org.vrrpd.net.netlink;

import static org.vrrpd.net.netlink.NetlinkConstants.*;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vrrpd.wire.AddressFamily;

/**
 * Pure translation between rtnetlink messages and the daemon's values: builds requests (add/remove address,
 * dumps, get link) and reads {@link InterfaceAddress}, {@link Link} and {@link NetlinkEvent} out of replies
 * and notifications. No I/O, so every rule here is unit-tested on bytes.
 */
public final class RtnetlinkMessages {
    private RtnetlinkMessages() {
    }

    /**
     * RTM_NEWADDR with NLM_F_CREATE|NLM_F_EXCL|NLM_F_ACK: the kernel answers EEXIST if the address is already
     * there. IFA_LOCAL and IFA_ADDRESS both carry the address (no peer); IPv4 labels go in IFA_LABEL; flags go
     * in both ifa_flags (low 8 bits) and IFA_FLAGS.
     */
    public static NlMessage addAddress(InterfaceAddress a, int seq) {
        List<RtAttr> attrs = new ArrayList<>();
        attrs.add(new RtAttr(IFA_LOCAL, a.address().getAddress()));
        attrs.add(new RtAttr(IFA_ADDRESS, a.address().getAddress()));
        a.label().ifPresent(l -> attrs.add(RtAttr.ofString(IFA_LABEL, l)));
        attrs.add(RtAttr.ofU32(IFA_FLAGS, a.flags()));
        IfAddrMsg body = new IfAddrMsg(a.family(), a.prefixLength(), a.flags() & 0xFF, a.scope(), a.ifindex(), attrs);
        return new NlMessage(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq, 0, body);
    }

    /** RTM_DELADDR with NLM_F_ACK; the kernel answers EADDRNOTAVAIL if no such address exists. */
    public static NlMessage removeAddress(InterfaceAddress a, int seq) {
        List<RtAttr> attrs = List.of(new RtAttr(IFA_LOCAL, a.address().getAddress()),
                new RtAttr(IFA_ADDRESS, a.address().getAddress()));
        IfAddrMsg body = new IfAddrMsg(a.family(), a.prefixLength(), 0, 0, a.ifindex(), attrs);
        return new NlMessage(RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, seq, 0, body);
    }

    /** RTM_GETADDR dump; family AF_UNSPEC dumps both IPv4 and IPv6. */
    public static NlMessage dumpAddresses(int family, int seq) {
        return new NlMessage(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, seq, 0,
                new IfAddrMsg(family, 0, 0, 0, 0, List.of()));
    }

    public static NlMessage dumpLinks(int seq) {
        return new NlMessage(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq, 0,
                new IfInfoMsg(AF_UNSPEC, 0, 0, 0, 0, List.of()));
    }

    /** RTM_GETLINK for one index; the kernel answers with one RTM_NEWLINK, then the ACK. */
    public static NlMessage getLink(int ifindex, int seq) {
        return new NlMessage(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, seq, 0,
                new IfInfoMsg(AF_UNSPEC, 0, ifindex, 0, 0, List.of()));
    }

    /** RTM_GETLINK by IFLA_IFNAME (index 0). */
    public static NlMessage getLinkByName(String name, int seq) {
        return new NlMessage(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, seq, 0,
                new IfInfoMsg(AF_UNSPEC, 0, 0, 0, 0, List.of(RtAttr.ofString(IFLA_IFNAME, name))));
    }

    /**
     * Reads an address out of RTM_NEWADDR/RTM_DELADDR. IFA_LOCAL is the interface's own address when present
     * (IFA_ADDRESS is then the peer on point-to-point links); IPv6 usually sends only IFA_ADDRESS. IFA_FLAGS,
     * when present, supersedes the 8-bit ifa_flags. Empty if the family is not IPv4/IPv6 or the address is
     * missing or has the wrong length.
     */
    public static Optional<InterfaceAddress> toAddress(IfAddrMsg m) {
        Optional<AddressFamily> family = AddressFamily.ofKernelNumber(m.family());
        if (family.isEmpty() || m.index() <= 0 || m.prefixLength() > family.get().maxPrefixLength()) {
            return Optional.empty();
        }
        Optional<RtAttr> raw = RtAttr.find(m.attrs(), IFA_LOCAL).or(() -> RtAttr.find(m.attrs(), IFA_ADDRESS));
        if (raw.isEmpty() || raw.get().value().length != family.get().addressLength()) {
            return Optional.empty();
        }
        InetAddress addr;
        try {
            addr = InetAddress.getByAddress(raw.get().value());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        Optional<String> label = addr instanceof Inet4Address
                ? RtAttr.find(m.attrs(), IFA_LABEL).map(RtAttr::asString).filter(s -> !s.isEmpty())
                : Optional.empty();
        int flags = RtAttr.find(m.attrs(), IFA_FLAGS).flatMap(RtAttr::asU32).orElse(m.flags());
        return Optional.of(new InterfaceAddress(m.index(), addr, m.prefixLength(), label, m.scope(), flags));
    }

    /** Reads a link out of RTM_NEWLINK/RTM_DELLINK; empty without a positive index or IFLA_IFNAME. */
    public static Optional<Link> toLink(IfInfoMsg m) {
        Optional<RtAttr> name = RtAttr.find(m.attrs(), IFLA_IFNAME);
        if (m.index() <= 0 || name.isEmpty()) {
            return Optional.empty();
        }
        int oper = RtAttr.find(m.attrs(), IFLA_OPERSTATE).flatMap(RtAttr::asU8).orElse(Link.IF_OPER_UNKNOWN);
        byte[] mac = RtAttr.find(m.attrs(), IFLA_ADDRESS).map(RtAttr::value).orElse(new byte[0]);
        int mtu = RtAttr.find(m.attrs(), IFLA_MTU).flatMap(RtAttr::asU32).orElse(0);
        return Optional.of(new Link(m.index(), name.get().asString(), m.flags(), oper, mac, mtu));
    }

    /**
     * Turns the messages of one notification datagram into events. Messages this layer does not understand
     * (other types, other families, malformed attributes) are skipped.
     */
    public static List<NetlinkEvent> toEvents(List<NlMessage> messages) {
        List<NetlinkEvent> events = new ArrayList<>();
        for (NlMessage m : messages) {
            if (m.body() instanceof IfInfoMsg info) {
                Optional<Link> link = toLink(info);
                if (link.isEmpty()) {
                    continue;
                }
                Link l = link.get();
                if (m.type() == RTM_NEWLINK) {
                    events.add(new NetlinkEvent.LinkChanged(l.ifindex(), l.name(), l.isUp(), l.isRunning()));
                } else if (m.type() == RTM_DELLINK) {
                    events.add(new NetlinkEvent.LinkRemoved(l.ifindex(), l.name()));
                }
            } else if (m.body() instanceof IfAddrMsg am) {
                Optional<InterfaceAddress> addr = toAddress(am);
                if (addr.isEmpty()) {
                    continue;
                }
                InterfaceAddress a = addr.get();
                if (m.type() == RTM_NEWADDR) {
                    events.add(new NetlinkEvent.AddressAdded(a));
                } else if (m.type() == RTM_DELADDR) {
                    events.add(new NetlinkEvent.AddressRemoved(a.ifindex(), a.address(), a.prefixLength()));
                }
            } else if (m.type() == NLMSG_OVERRUN) {
                events.add(new NetlinkEvent.ResyncNeeded("NLMSG_OVERRUN"));
            }
        }
        return events;
    }
}
