package org.vrrpd.daemon.vip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VirtualRoute;
import org.vrrpd.config.VirtualRule;
import org.vrrpd.net.netlink.NetlinkException;
import org.vrrpd.net.netlink.Route;
import org.vrrpd.net.netlink.Rtnetlink;
import org.vrrpd.net.netlink.Rule;

/**
 * An instance's {@code virtual_routes} and {@code virtual_rules} on the host, through rtnetlink
 * (RTM_NEWROUTE/RTM_DELROUTE, RTM_NEWRULE/RTM_DELRULE): added after the VIPs when the router becomes Active
 * (routes, then rules), removed before the VIPs go (rules, then routes). Both are idempotent, so a restored VIP or
 * a recreated virtual MAC interface can add them again. A failure is logged and the rest go on, as for VIPs.
 */
final class VirtualRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(VirtualRoutes.class);

    private final Rtnetlink rtnl;

    VirtualRoutes(Rtnetlink rtnl) {
        this.rtnl = rtnl;
    }

    void add(InstanceConfig c, int ifIndex) {
        for (VirtualRoute r : c.routing().routes()) {
            try {
                rtnl.addRoute(route(r, ifIndex));
            } catch (NetlinkException | IllegalArgumentException e) {
                LOG.error("{}: cannot add virtual route {}: {}", c.name(), r, e.getMessage());
            }
        }
        for (VirtualRule r : c.routing().rules()) {
            try {
                rtnl.addRule(rule(r));
            } catch (NetlinkException | IllegalArgumentException e) {
                LOG.error("{}: cannot add virtual rule {}: {}", c.name(), r, e.getMessage());
            }
        }
    }

    void remove(InstanceConfig c, int ifIndex) {
        for (VirtualRule r : reversed(c.routing().rules())) {
            try {
                rtnl.removeRule(rule(r));
            } catch (NetlinkException | IllegalArgumentException e) {
                LOG.error("{}: cannot remove virtual rule {}: {}", c.name(), r, e.getMessage());
            }
        }
        for (VirtualRoute r : reversed(c.routing().routes())) {
            try {
                rtnl.removeRoute(route(r, ifIndex));
            } catch (NetlinkException | IllegalArgumentException e) {
                LOG.error("{}: cannot remove virtual route {}: {}", c.name(), r, e.getMessage());
            }
        }
    }

    private Route route(VirtualRoute r, int ifIndex) throws NetlinkException {
        int oif = r.dev().isPresent() ? rtnl.ifindex(r.dev().get()) : ifIndex;
        return new Route(r.to(), r.prefixLength(), r.via(), oif, r.table(), r.metric());
    }

    private static Rule rule(VirtualRule r) {
        return new Rule(r.family(), r.from(), r.fromLength(), r.to(), r.toLength(), r.table(), r.priority());
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> out = new ArrayList<>(list);
        Collections.reverse(out);
        return out;
    }
}
