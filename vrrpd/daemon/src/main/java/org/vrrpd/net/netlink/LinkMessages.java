package org.vrrpd.net.netlink;

import static org.vrrpd.net.netlink.NetlinkConstants.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pure rtnetlink messages for managing links (a VRRP virtual MAC's macvlan): create, bring up or down, delete,
 * set per-interface IPv4 settings and the IPv6 address generation mode, and read a link's macvlan details and
 * IPv4 settings back out of RTM_NEWLINK. No I/O; unit-tested on bytes.
 */
public final class LinkMessages {
    private LinkMessages() {
    }

    /**
     * RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL: a macvlan named {@code name} on {@code parentIfindex} with the
     * given MAC and mode, created down. The kernel answers EEXIST if the name is taken.
     */
    public static NlMessage newMacvlan(String name, int parentIfindex, byte[] mac, int mode, int seq) {
        RtAttr data = RtAttr.nested(IFLA_INFO_DATA, List.of(RtAttr.ofU32(IFLA_MACVLAN_MODE, mode)));
        RtAttr info = RtAttr.nested(IFLA_LINKINFO, List.of(RtAttr.ofString(IFLA_INFO_KIND, "macvlan"), data));
        List<RtAttr> attrs = List.of(RtAttr.ofString(IFLA_IFNAME, name), RtAttr.ofU32(IFLA_LINK, parentIfindex),
                new RtAttr(IFLA_ADDRESS, mac), info);
        return new NlMessage(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq, 0,
                new IfInfoMsg(AF_UNSPEC, 0, 0, 0, 0, attrs));
    }

    /** RTM_SETLINK changing only IFF_UP (the change mask), like {@code ip link set IF up|down}. */
    public static NlMessage setUp(int ifindex, boolean up, int seq) {
        return new NlMessage(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, seq, 0,
                new IfInfoMsg(AF_UNSPEC, 0, ifindex, up ? IFF_UP : 0, IFF_UP, List.of()));
    }

    /** RTM_DELLINK by index; ENODEV if there is none. */
    public static NlMessage delete(int ifindex, int seq) {
        return new NlMessage(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, seq, 0,
                new IfInfoMsg(AF_UNSPEC, 0, ifindex, 0, 0, List.of()));
    }

    /**
     * RTM_SETLINK with IFLA_AF_SPEC / AF_INET / IFLA_INET_CONF holding one u32 attribute per IPV4_DEVCONF_* index:
     * the net.ipv4.conf.IF.* settings, changed with CAP_NET_ADMIN and no /proc/sys write.
     */
    public static NlMessage setIpv4DevConf(int ifindex, Map<Integer, Integer> values, int seq) {
        List<RtAttr> conf = new ArrayList<>();
        new TreeMap<>(values).forEach((k, v) -> conf.add(RtAttr.ofU32(k, v)));
        RtAttr inet = RtAttr.nested(AF_INET, List.of(RtAttr.nested(IFLA_INET_CONF, conf)));
        return setAfSpec(ifindex, inet, seq);
    }

    /** RTM_SETLINK with IFLA_AF_SPEC / AF_INET6 / IFLA_INET6_ADDR_GEN_MODE (u8). */
    public static NlMessage setIpv6AddrGenMode(int ifindex, int mode, int seq) {
        RtAttr inet6 = RtAttr.nested(AF_INET6, List.of(RtAttr.ofU8(IFLA_INET6_ADDR_GEN_MODE, mode)));
        return setAfSpec(ifindex, inet6, seq);
    }

    private static NlMessage setAfSpec(int ifindex, RtAttr family, int seq) {
        return new NlMessage(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, seq, 0, new IfInfoMsg(AF_UNSPEC, 0, ifindex, 0, 0,
                List.of(RtAttr.nested(IFLA_AF_SPEC, List.of(family)))));
    }

    /** The macvlan details of a link, or empty if it is not a macvlan (or its attributes are malformed). */
    public static Optional<Macvlan> toMacvlan(IfInfoMsg m) {
        Optional<Link> link = RtnetlinkMessages.toLink(m);
        Optional<List<RtAttr>> info = find(m.attrs(), IFLA_LINKINFO).flatMap(RtAttr::children);
        if (link.isEmpty() || info.isEmpty()) {
            return Optional.empty();
        }
        String kind = find(info.get(), IFLA_INFO_KIND).map(RtAttr::asString).orElse("");
        if (!kind.equals("macvlan")) {
            return Optional.empty();
        }
        int mode = find(info.get(), IFLA_INFO_DATA).flatMap(RtAttr::children)
                .flatMap(d -> find(d, IFLA_MACVLAN_MODE)).flatMap(RtAttr::asU32).orElse(0);
        int parent = find(m.attrs(), IFLA_LINK).flatMap(RtAttr::asU32).orElse(0);
        return Optional.of(new Macvlan(link.get().ifindex(), link.get().name(), parent, link.get().mac(), mode));
    }

    /**
     * The link's IPv4 settings from IFLA_AF_SPEC / AF_INET / IFLA_INET_CONF, an array of u32 where element i is
     * IPV4_DEVCONF index i + 1; empty if the link has no IPv4 settings in the message.
     */
    public static Map<Integer, Integer> toIpv4DevConf(IfInfoMsg m) {
        Optional<byte[]> raw = find(m.attrs(), IFLA_AF_SPEC).flatMap(RtAttr::children)
                .flatMap(f -> find(f, AF_INET)).flatMap(RtAttr::children)
                .flatMap(c -> find(c, IFLA_INET_CONF)).map(RtAttr::value);
        Map<Integer, Integer> out = new TreeMap<>();
        if (raw.isPresent()) {
            ByteBuffer buf = ByteBuffer.wrap(raw.get()).order(ByteOrder.nativeOrder());
            for (int i = 1; buf.remaining() >= 4; i++) {
                out.put(i, buf.getInt());
            }
        }
        return out;
    }

    private static Optional<RtAttr> find(List<RtAttr> attrs, int type) {
        for (RtAttr a : attrs) {
            if ((a.type() & NLA_TYPE_MASK) == type) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
