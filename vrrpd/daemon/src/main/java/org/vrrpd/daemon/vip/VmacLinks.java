package org.vrrpd.daemon.vip;

import static org.vrrpd.net.netlink.NetlinkConstants.ENODEV;
import static org.vrrpd.net.netlink.NetlinkConstants.IN6_ADDR_GEN_MODE_NONE;
import static org.vrrpd.net.netlink.NetlinkConstants.IPV4_DEVCONF_ACCEPT_LOCAL;
import static org.vrrpd.net.netlink.NetlinkConstants.IPV4_DEVCONF_ARPFILTER;
import static org.vrrpd.net.netlink.NetlinkConstants.IPV4_DEVCONF_ARP_ANNOUNCE;
import static org.vrrpd.net.netlink.NetlinkConstants.IPV4_DEVCONF_ARP_IGNORE;
import static org.vrrpd.net.netlink.NetlinkConstants.IPV4_DEVCONF_PROMOTE_SECONDARIES;
import static org.vrrpd.net.netlink.NetlinkConstants.IPV4_DEVCONF_RP_FILTER;
import static org.vrrpd.net.netlink.NetlinkConstants.MACVLAN_MODE_PRIVATE;

import java.io.IOException;
import java.net.Inet6Address;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.net.MacAddress;
import org.vrrpd.net.netlink.InterfaceAddress;
import org.vrrpd.net.netlink.Link;
import org.vrrpd.net.netlink.Macvlan;
import org.vrrpd.net.netlink.NetlinkException;
import org.vrrpd.net.netlink.Rtnetlink;
import org.vrrpd.wire.Addresses;

/**
 * The daemon's virtual MAC interfaces (RFC 9568 §7.3), through rtnetlink only: a private-mode macvlan per instance
 * carrying the virtual MAC, with no IPv6 link-local address of its own, and the per-interface IPv4 settings
 * keepalived's {@code use_vmac} sets (its vrrp_if_config.c):
 * <ul>
 *   <li>on the macvlan: {@code arp_ignore=1} (answer ARP only for addresses on it: the VIPs),
 *       {@code accept_local=1} (hear another local router's adverts), {@code rp_filter=0} (receive without an
 *       address of its own), {@code promote_secondaries=1};</li>
 *   <li>on the parent: {@code arp_ignore=1} and {@code arp_filter=1}, so the parent never answers ARP for the VIPs
 *       with its own MAC, and (beyond keepalived) {@code arp_announce=2}: replies from a VIP usually leave through
 *       the parent (its subnet route comes first), and with the default {@code arp_announce=0} the parent's ARP
 *       request for the client would carry the VIP as sender address next to the parent's own MAC, which moves the
 *       client's neighbour entry for the VIP off the virtual MAC (seen in the lab). The parent's earlier values are
 *       restored when its last virtual MAC goes.</li>
 * </ul>
 * An existing link of the wanted name is adopted when it is a macvlan on the same parent with the virtual MAC, and
 * refused otherwise. Protocol thread only.
 */
final class VmacLinks {

    private static final Logger LOG = LoggerFactory.getLogger(VmacLinks.class);

    static final Map<Integer, Integer> VMAC_SETTINGS = Map.of(IPV4_DEVCONF_ARP_IGNORE, 1,
            IPV4_DEVCONF_ACCEPT_LOCAL, 1, IPV4_DEVCONF_RP_FILTER, 0, IPV4_DEVCONF_PROMOTE_SECONDARIES, 1);
    static final Map<Integer, Integer> PARENT_SETTINGS = Map.of(IPV4_DEVCONF_ARP_IGNORE, 1,
            IPV4_DEVCONF_ARPFILTER, 1, IPV4_DEVCONF_ARP_ANNOUNCE, 2);

    private final Rtnetlink rtnl;
    /** Per parent ifindex: its settings before the first virtual MAC, and how many virtual MACs it carries. */
    private final Map<Integer, Saved> parents = new HashMap<>();

    private static final class Saved {
        final Map<Integer, Integer> before;
        int users;

        Saved(Map<Integer, Integer> before) {
            this.before = before;
        }
    }

    VmacLinks(Rtnetlink rtnl) {
        this.rtnl = rtnl;
    }

    /**
     * Creates (or adopts) the macvlan {@code name} on {@code parentIfIndex} with {@code mac}, sets it up and
     * returns its ifindex. Throws with a readable reason when the name is taken by another kind of link.
     */
    int acquire(String instance, String name, int parentIfIndex, String parentName, MacAddress mac)
            throws IOException {
        try {
            int index;
            Optional<Link> existing = find(name);
            if (existing.isPresent()) {
                index = existing.get().ifindex();
                Optional<Macvlan> m = rtnl.macvlan(index);
                if (m.isEmpty() || m.get().parentIfindex() != parentIfIndex
                        || !Arrays.equals(m.get().mac(), mac.bytes())) {
                    throw new IOException("interface " + name + " exists but is not a macvlan on " + parentName
                            + " with the virtual MAC " + mac + " (it is " + m.map(Macvlan::toString)
                                    .orElse(existing.get().toString()) + "); delete it or set another vmac_interface");
                }
                LOG.info("{}: adopting the existing virtual MAC interface {} ({} on {})", instance, name, mac,
                        parentName);
            } else {
                index = rtnl.createMacvlan(name, parentIfIndex, mac.bytes(), MACVLAN_MODE_PRIVATE);
                LOG.info("{}: created virtual MAC interface {} ({} on {})", instance, name, mac, parentName);
            }
            // RFC 9568 §7.4: no link-local address derived from the virtual MAC
            rtnl.setIpv6AddrGenMode(index, IN6_ADDR_GEN_MODE_NONE);
            rtnl.setIpv4DevConf(index, VMAC_SETTINGS);
            holdParent(parentIfIndex);
            rtnl.setLinkUp(index, true);
            return index;
        } catch (NetlinkException e) {
            throw new IOException("cannot set up the virtual MAC interface " + name + " on " + parentName + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Gives the macvlan the instance's IPv6 advert source address (the parent's link-local address, or the unicast
     * source), without DAD, as keepalived does: an IPv6 packet may only leave with a link-local source that is on
     * its outgoing interface, and the address must not be derived from the virtual MAC (RFC 9568 §7.4).
     */
    void addSourceAddress(String instance, String name, int vmacIfIndex, Inet6Address source)
            throws IOException {
        try {
            rtnl.addAddress(InterfaceAddress.vip(vmacIfIndex, source,
                    source.isLinkLocalAddress() ? 64 : 128));
        } catch (NetlinkException e) {
            throw new IOException("cannot give the virtual MAC interface " + name + " the advert source "
                    + Addresses.text(source) + ": " + e.getMessage(), e);
        }
    }

    private Optional<Link> find(String name) throws NetlinkException {
        try {
            return Optional.of(rtnl.link(name));
        } catch (NetlinkException e) {
            if (e.errno() == ENODEV) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void holdParent(int parentIfIndex) throws NetlinkException {
        Saved s = parents.get(parentIfIndex);
        if (s == null) {
            Map<Integer, Integer> now = rtnl.ipv4DevConf(parentIfIndex);
            Map<Integer, Integer> before = new HashMap<>();
            PARENT_SETTINGS.keySet().forEach(k -> before.put(k, now.getOrDefault(k, 0)));
            rtnl.setIpv4DevConf(parentIfIndex, PARENT_SETTINGS);
            s = new Saved(before);
            parents.put(parentIfIndex, s);
        }
        s.users++;
    }

    /**
     * Deletes the macvlan (its VIPs go with it) and, when it was the parent's last one, restores the parent's
     * settings. Never throws: a failure is logged.
     */
    void release(String instance, String name, int vmacIfIndex, int parentIfIndex) {
        try {
            if (rtnl.deleteLink(vmacIfIndex)) {
                LOG.info("{}: deleted virtual MAC interface {}", instance, name);
            }
        } catch (NetlinkException e) {
            LOG.warn("{}: cannot delete virtual MAC interface {}: {}", instance, name, e.getMessage());
        }
        Saved s = parents.get(parentIfIndex);
        if (s == null || --s.users > 0) {
            return;
        }
        parents.remove(parentIfIndex);
        try {
            rtnl.setIpv4DevConf(parentIfIndex, s.before);
        } catch (NetlinkException e) {
            LOG.warn("{}: cannot restore arp_ignore/arp_filter of ifindex {}: {}", instance, parentIfIndex,
                    e.getMessage());
        }
    }

    /** The parent settings to restore, while virtual MACs hold it (tests). */
    Optional<Map<Integer, Integer>> savedParentSettings(int parentIfIndex) {
        return Optional.ofNullable(parents.get(parentIfIndex)).map(s -> Map.copyOf(s.before));
    }
}
