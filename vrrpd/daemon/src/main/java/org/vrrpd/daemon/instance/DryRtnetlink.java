package org.vrrpd.daemon.instance;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.vrrpd.net.netlink.InterfaceAddress;
import org.vrrpd.net.netlink.Link;
import org.vrrpd.net.netlink.Macvlan;
import org.vrrpd.net.netlink.NetlinkCodec;
import org.vrrpd.net.netlink.NetlinkSubscription;
import org.vrrpd.net.netlink.NlMessage;
import org.vrrpd.net.netlink.Route;
import org.vrrpd.net.netlink.RouteMessages;
import org.vrrpd.net.netlink.Rtnetlink;
import org.vrrpd.net.netlink.RtnetlinkMessages;
import org.vrrpd.net.netlink.Rule;

/**
 * The rtnetlink of a {@link DryTakeover}: every request a takeover or a step-down makes (VIPs, virtual routes and
 * rules) is encoded as {@code LinuxRtnetlink} would encode it and goes nowhere; an interface named by a VIP's or a
 * route's {@code dev} is given {@code ifIndex}. It reads nothing, so any other call is refused.
 */
final class DryRtnetlink implements Rtnetlink {

    private final int ifIndex;
    private int seq;
    /** Requests encoded, and their bytes (kept, so the encoding is not dead code). */
    private long requests;
    private long bytes;

    DryRtnetlink(int ifIndex) {
        this.ifIndex = ifIndex;
    }

    long requests() {
        return requests;
    }

    long bytes() {
        return bytes;
    }

    private boolean encode(NlMessage m) {
        requests++;
        bytes += NetlinkCodec.encode(List.of(m)).length;
        return true;
    }

    @Override
    public boolean addAddress(InterfaceAddress address) {
        return encode(RtnetlinkMessages.addAddress(address, ++seq));
    }

    @Override
    public int beginAddAddress(InterfaceAddress address) {
        encode(RtnetlinkMessages.addAddress(address, ++seq));
        return seq;
    }

    @Override
    public boolean finishAddAddress(int ticket) {
        return true;
    }

    @Override
    public boolean removeAddress(InterfaceAddress address) {
        return encode(RtnetlinkMessages.removeAddress(address, ++seq));
    }

    @Override
    public boolean addRoute(Route route) {
        return encode(RouteMessages.addRoute(route, ++seq));
    }

    @Override
    public boolean removeRoute(Route route) {
        return encode(RouteMessages.removeRoute(route, ++seq));
    }

    @Override
    public boolean addRule(Rule rule) {
        return encode(RouteMessages.addRule(rule, ++seq));
    }

    @Override
    public boolean removeRule(Rule rule) {
        return encode(RouteMessages.removeRule(rule, ++seq));
    }

    @Override
    public Link link(String name) {
        return new Link(ifIndex, name, 0, Link.IF_OPER_UNKNOWN, new byte[6], 0);
    }

    private static UnsupportedOperationException refused() {
        return new UnsupportedOperationException("a dry takeover reads nothing from the kernel");
    }

    @Override
    public List<InterfaceAddress> addresses(OptionalInt ifindex, int family) {
        throw refused();
    }

    @Override
    public Link link(int ifindex) {
        throw refused();
    }

    @Override
    public List<Link> links() {
        throw refused();
    }

    @Override
    public int createMacvlan(String name, int parentIfindex, byte[] mac, int mode) {
        throw refused();
    }

    @Override
    public Optional<Macvlan> macvlan(int ifindex) {
        throw refused();
    }

    @Override
    public void setLinkUp(int ifindex, boolean up) {
        throw refused();
    }

    @Override
    public boolean deleteLink(int ifindex) {
        throw refused();
    }

    @Override
    public Map<Integer, Integer> ipv4DevConf(int ifindex) {
        throw refused();
    }

    @Override
    public void setIpv4DevConf(int ifindex, Map<Integer, Integer> values) {
        throw refused();
    }

    @Override
    public void setIpv6AddrGenMode(int ifindex, int mode) {
        throw refused();
    }

    @Override
    public NetlinkSubscription subscribe() {
        throw refused();
    }

    @Override
    public void close() {
    }
}
