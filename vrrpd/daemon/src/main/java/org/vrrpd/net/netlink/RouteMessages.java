package org.vrrpd.net.netlink;

import static org.vrrpd.net.netlink.NetlinkConstants.NLM_F_ACK;
import static org.vrrpd.net.netlink.NetlinkConstants.NLM_F_CREATE;
import static org.vrrpd.net.netlink.NetlinkConstants.NLM_F_EXCL;
import static org.vrrpd.net.netlink.NetlinkConstants.NLM_F_REQUEST;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vrrpd.wire.AddressFamily;

/**
 * Pure translation between {@link Route}/{@link Rule} and rtnetlink's RTM_NEWROUTE/RTM_DELROUTE and
 * RTM_NEWRULE/RTM_DELRULE messages (what {@code ip route add/del} and {@code ip rule add/del} send). No I/O;
 * {@link LinuxRtnetlink} sends these. The decoders read a message back (the kernel's dumps, and the properties).
 */
public final class RouteMessages {

    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_NEWRULE = 32;
    public static final int RTM_DELRULE = 33;
    public static final int RTA_DST = 1;
    public static final int RTA_OIF = 4;
    public static final int RTA_GATEWAY = 5;
    public static final int RTA_PRIORITY = 6;
    public static final int RTA_TABLE = 15;
    public static final int FRA_DST = 1;
    public static final int FRA_SRC = 2;
    public static final int FRA_PRIORITY = 6;
    public static final int FRA_TABLE = 15;
    /** rtm_protocol: added by an administrator's tool (as {@code ip route add} marks it). */
    public static final int RTPROT_STATIC = 4;
    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RTN_UNICAST = 1;
    /** fib_rule_hdr action: look up the table. */
    public static final int FR_ACT_TO_TBL = 1;
    /** rtm_table when the table number needs RTA_TABLE (above 255). */
    static final int RT_TABLE_COMPAT = 252;

    private RouteMessages() {
    }

    /** RTM_NEWROUTE, NLM_F_CREATE|NLM_F_EXCL: EEXIST when the route is there already. */
    public static NlMessage addRoute(Route r, int seq) {
        return new NlMessage(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq, 0,
                routeBody(r).body());
    }

    /** RTM_DELROUTE: ESRCH when there is no such route. */
    public static NlMessage removeRoute(Route r, int seq) {
        return new NlMessage(RTM_DELROUTE, NLM_F_REQUEST | NLM_F_ACK, seq, 0, routeBody(r).body());
    }

    /** RTM_NEWRULE, NLM_F_CREATE|NLM_F_EXCL: EEXIST when an equal rule is there already. */
    public static NlMessage addRule(Rule r, int seq) {
        return new NlMessage(RTM_NEWRULE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq, 0,
                ruleBody(r).body());
    }

    /** RTM_DELRULE: ENOENT when there is no such rule. */
    public static NlMessage removeRule(Rule r, int seq) {
        return new NlMessage(RTM_DELRULE, NLM_F_REQUEST | NLM_F_ACK, seq, 0, ruleBody(r).body());
    }

    static RtMsg routeBody(Route r) {
        List<RtAttr> attrs = new ArrayList<>();
        attrs.add(new RtAttr(RTA_DST, r.destination().getAddress()));
        r.gateway().ifPresent(g -> attrs.add(new RtAttr(RTA_GATEWAY, g.getAddress())));
        attrs.add(RtAttr.ofU32(RTA_OIF, r.ifindex()));
        attrs.add(RtAttr.ofU32(RTA_TABLE, (int) r.table()));
        if (r.metric() > 0) {
            attrs.add(RtAttr.ofU32(RTA_PRIORITY, (int) r.metric()));
        }
        return new RtMsg(r.family().kernelNumber(), r.prefixLength(), 0, 0, table8(r.table()), RTPROT_STATIC,
                r.gateway().isPresent() ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK, RTN_UNICAST, 0, attrs);
    }

    static RtMsg ruleBody(Rule r) {
        List<RtAttr> attrs = new ArrayList<>();
        r.from().ifPresent(a -> attrs.add(new RtAttr(FRA_SRC, a.getAddress())));
        r.to().ifPresent(a -> attrs.add(new RtAttr(FRA_DST, a.getAddress())));
        attrs.add(RtAttr.ofU32(FRA_TABLE, (int) r.table()));
        if (r.priority() > 0) {
            attrs.add(RtAttr.ofU32(FRA_PRIORITY, (int) r.priority()));
        }
        return new RtMsg(r.family().kernelNumber(), r.toLength(), r.fromLength(), 0, table8(r.table()), 0, 0,
                FR_ACT_TO_TBL, 0, attrs);
    }

    private static int table8(long table) {
        return table < 256 ? (int) table : RT_TABLE_COMPAT;
    }

    /** The route an RTM_NEWROUTE/RTM_DELROUTE message describes; empty for anything else or a malformed one. */
    public static Optional<Route> toRoute(NlMessage m) {
        if ((m.type() != RTM_NEWROUTE && m.type() != RTM_DELROUTE) || !(m.body() instanceof NlRaw raw)
                || !(RtMsg.decode(raw.payload()) instanceof RtMsg.Decoded.Ok ok)) {
            return Optional.empty();
        }
        RtMsg h = ok.message();
        Optional<AddressFamily> family = AddressFamily.ofKernelNumber(h.family());
        if (family.isEmpty()) {
            return Optional.empty();
        }
        Optional<InetAddress> dst = address(h.attrs(), RTA_DST, family.get());
        Optional<InetAddress> gw = address(h.attrs(), RTA_GATEWAY, family.get());
        Optional<Integer> oif = RtAttr.find(h.attrs(), RTA_OIF).flatMap(RtAttr::asU32);
        long table = RtAttr.find(h.attrs(), RTA_TABLE).flatMap(RtAttr::asU32).map(Integer::toUnsignedLong)
                .orElse((long) h.table());
        long metric = RtAttr.find(h.attrs(), RTA_PRIORITY).flatMap(RtAttr::asU32).map(Integer::toUnsignedLong)
                .orElse(0L);
        if (dst.isEmpty() || oif.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Route(dst.get(), h.dstLen(), gw, oif.get(), table, metric));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The rule an RTM_NEWRULE/RTM_DELRULE message describes; empty for anything else or a malformed one. */
    public static Optional<Rule> toRule(NlMessage m) {
        if ((m.type() != RTM_NEWRULE && m.type() != RTM_DELRULE) || !(m.body() instanceof NlRaw raw)
                || !(RtMsg.decode(raw.payload()) instanceof RtMsg.Decoded.Ok ok)) {
            return Optional.empty();
        }
        RtMsg h = ok.message();
        Optional<AddressFamily> family = AddressFamily.ofKernelNumber(h.family());
        if (family.isEmpty() || h.type() != FR_ACT_TO_TBL) {
            return Optional.empty();
        }
        long table = RtAttr.find(h.attrs(), FRA_TABLE).flatMap(RtAttr::asU32).map(Integer::toUnsignedLong)
                .orElse((long) h.table());
        long priority = RtAttr.find(h.attrs(), FRA_PRIORITY).flatMap(RtAttr::asU32).map(Integer::toUnsignedLong)
                .orElse(0L);
        try {
            return Optional.of(new Rule(family.get(), address(h.attrs(), FRA_SRC, family.get()), h.srcLen(),
                    address(h.attrs(), FRA_DST, family.get()), h.dstLen(), table, priority));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> address(List<RtAttr> attrs, int type, AddressFamily family) {
        Optional<RtAttr> a = RtAttr.find(attrs, type);
        if (a.isEmpty() || a.get().value().length != family.addressLength()) {
            return Optional.empty();
        }
        try {
            byte[] v = a.get().value();
            // Inet6Address keeps an IPv4-mapped address IPv6, unlike InetAddress.getByAddress
            return Optional.of(v.length == 16 ? Inet6Address.getByAddress(null, v, null) : InetAddress.getByAddress(v));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
