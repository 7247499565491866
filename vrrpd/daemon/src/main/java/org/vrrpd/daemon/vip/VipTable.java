package org.vrrpd.daemon.vip;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VirtualAddress;
import org.vrrpd.filter.VipFilter;
import org.vrrpd.net.netlink.InterfaceAddress;
import org.vrrpd.net.netlink.Link;
import org.vrrpd.net.netlink.NetlinkException;
import org.vrrpd.net.netlink.Rtnetlink;
import org.vrrpd.wire.AddressFamily;

/**
 * The instance's addresses on the host, through rtnetlink only: the VIPs it adds and removes, the source
 * address it advertises from, and the interface's link state.
 */
public final class VipTable {

    private static final Logger LOG = LoggerFactory.getLogger(VipTable.class);

    private final Rtnetlink rtnl;
    private final VmacLinks vmacs;
    private final VirtualRoutes routes;
    /** Addresses and links read during a {@link #batch}, per ifindex; null outside one. */
    private Map<Integer, List<InterfaceAddress>> batchAddresses;
    private Map<Integer, Link> batchLinks;
    private VipFilter filter = VipFilter.NONE;
    /** Every VIP and excluded VIP of every configured instance: never an advert source. */
    private Set<InetAddress> managed = Set.of();
    /** {@link #beginAdd}'s requests whose answers {@link #confirmAdded} has not read: ticket, VIP, instance. */
    private final List<Integer> unconfirmed = new ArrayList<>();
    private final List<VirtualAddress> unconfirmedVips = new ArrayList<>();
    private final List<String> unconfirmedNames = new ArrayList<>();

    public VipTable(Rtnetlink rtnl) {
        this.rtnl = rtnl;
        this.vmacs = new VmacLinks(rtnl);
        this.routes = new VirtualRoutes(rtnl);
    }

    /** The instance's virtual routes and rules, after its VIPs are on {@code ifIndex} (becoming Active). */
    public void addRouting(InstanceConfig c, int ifIndex) {
        routes.add(c, ifIndex);
    }

    /** Removes the instance's virtual rules and routes, before its VIPs go (leaving Active). */
    public void removeRouting(InstanceConfig c, int ifIndex) {
        routes.remove(c, ifIndex);
    }

    /**
     * The instances whose VIPs and excluded VIPs the daemon manages (all of them, and during a reload those of
     * both configurations): none of those addresses is ever taken as an advert source, so an IPv6 instance
     * never sends from another instance's link-local VIP that may move away with its owner.
     */
    public void manage(Collection<InstanceConfig> instances) {
        Set<InetAddress> all = new HashSet<>();
        for (InstanceConfig c : instances) {
            c.virtualAddresses().forEach(v -> all.add(v.address()));
            c.excludedAddresses().forEach(v -> all.add(v.address()));
        }
        managed = Set.copyOf(all);
    }

    /** The filter told before VIPs are added and after they are removed (Accept_Mode). */
    public void useFilter(VipFilter filter) {
        this.filter = filter;
    }

    /** The daemon's virtual MAC interfaces, on the same rtnetlink socket. */
    public VmacLinks vmacs() {
        return vmacs;
    }

    /**
     * Runs {@code work} (instances starting, on the protocol thread) with each interface's addresses and link
     * state read at most once: fifty instances on one interface then cost one address dump and one link query
     * instead of two dumps and a query each. The table's own changes (a stale VIP removed) drop that
     * interface's cached addresses. Changes made by others during the batch reach the daemon as rtnetlink
     * events, handled on the loop after it with fresh reads.
     */
    public <T> T batch(Callable<T> work) throws Exception {
        if (batchAddresses != null) {
            return work.call();
        }
        batchAddresses = new HashMap<>();
        batchLinks = new HashMap<>();
        try {
            return work.call();
        } finally {
            batchAddresses = null;
            batchLinks = null;
        }
    }

    private List<InterfaceAddress> addresses(int ifIndex) throws NetlinkException {
        if (batchAddresses == null) {
            return rtnl.addresses(ifIndex);
        }
        List<InterfaceAddress> cached = batchAddresses.get(ifIndex);
        if (cached == null) {
            cached = rtnl.addresses(ifIndex);
            batchAddresses.put(ifIndex, cached);
        }
        return cached;
    }

    private Link link(int ifIndex) throws NetlinkException {
        if (batchLinks == null) {
            return rtnl.link(ifIndex);
        }
        Link cached = batchLinks.get(ifIndex);
        if (cached == null) {
            cached = rtnl.link(ifIndex);
            batchLinks.put(ifIndex, cached);
        }
        return cached;
    }

    private void changed(int ifIndex) {
        if (batchAddresses != null) {
            batchAddresses.remove(ifIndex);
        }
    }

    /**
     * The address adverts are sent from: the configured unicast source, else the interface's primary IPv4
     * address (RFC 9568 §5.1.1.1) or its IPv6 link-local address (§5.1.2.1). VIPs never count: neither this
     * instance's nor any other managed instance's (see {@link #manage}).
     */
    public InetAddress sourceAddress(InstanceConfig c, int ifIndex) throws IOException {
        if (c.unicastSource().isPresent()) {
            return c.unicastSource().get();
        }
        try {
            boolean v4 = c.family() == AddressFamily.IPV4;
            int unusable = 0x40 /* IFA_F_TENTATIVE */ | 0x08 /* IFA_F_DADFAILED */;
            Optional<InterfaceAddress> a = addresses(ifIndex).stream()
                    .filter(x -> c.family().matches(x.address()) && !isVip(c, x.address()))
                    .filter(x -> v4 ? !x.isSecondary() : x.isLinkLocal() && (x.flags() & unusable) == 0)
                    .findFirst();
            return a.map(InterfaceAddress::address).orElseThrow(() -> new IOException("interface "
                    + c.interfaceName() + " has no " + missingSource(c.family()) + " to send adverts from"));
        } catch (NetlinkException e) {
            throw new IOException("cannot read the addresses of " + c.interfaceName() + ": " + e.getMessage(), e);
        }
    }

    /** What an interface lacks when {@link #sourceAddress} finds nothing, for messages and the fault reason. */
    public static String missingSource(AddressFamily family) {
        return family == AddressFamily.IPV4 ? "IPv4 address of its own" : "usable IPv6 link-local address";
    }

    private boolean isVip(InstanceConfig c, InetAddress a) {
        return managed.contains(a) || c.virtualAddresses().stream().anyMatch(v -> v.address().equals(a))
                || c.excludedAddresses().stream().anyMatch(v -> v.address().equals(a));
    }

    /** Removes this instance's VIPs found on the host (left by a killed run); returns how many. */
    public int removeStale(InstanceConfig c, int ifIndex) {
        int removed = 0;
        for (VirtualAddress v : c.virtualAddresses()) {
            try {
                int idx = ifIndexOf(c, v, ifIndex);
                for (InterfaceAddress a : addresses(idx)) {
                    if (a.address().equals(v.address()) && rtnl.removeAddress(a)) {
                        changed(idx);
                        removed++;
                    }
                }
            } catch (NetlinkException e) {
                LOG.warn("{}: cannot check for a stale VIP {}: {}", c.name(), v.cidr(), e.getMessage());
            }
        }
        return removed;
    }

    /** Adds the instance's VIPs (the filter told first) and reads the kernel's answers; a refusal is logged. */
    public void add(InstanceConfig c, int ifIndex) {
        beginAdd(c, ifIndex);
        confirmAdded();
    }

    /**
     * {@link #add} for a takeover: the VIPs are on the interfaces when this returns, but the kernel's answers are
     * read by {@link #confirmAdded}, after the gratuitous ARP has gone out. Protocol thread.
     */
    public void beginAdd(InstanceConfig c, int ifIndex) {
        filter.beforeAdd(c);
        for (VirtualAddress v : c.virtualAddresses()) {
            try {
                InterfaceAddress a = toNetlink(c, v, ifIndex);
                changed(a.ifindex());
                unconfirmed.add(rtnl.beginAddAddress(a));
                unconfirmedVips.add(v);
                unconfirmedNames.add(c.name());
            } catch (NetlinkException e) {
                LOG.error("{}: cannot add VIP {}: {}", c.name(), v, e.getMessage());
            }
        }
    }

    /** Reads the kernel's answers to every {@link #beginAdd} (logging a VIP that could not be added). */
    public void confirmAdded() {
        for (int i = 0; i < unconfirmed.size(); i++) {
            try {
                rtnl.finishAddAddress(unconfirmed.get(i));
            } catch (NetlinkException e) {
                LOG.error("{}: cannot add VIP {}: {}", unconfirmedNames.get(i), unconfirmedVips.get(i), e.getMessage());
            }
        }
        unconfirmed.clear();
        unconfirmedVips.clear();
        unconfirmedNames.clear();
    }

    public void remove(InstanceConfig c, int ifIndex) {
        for (VirtualAddress v : c.virtualAddresses()) {
            try {
                InterfaceAddress a = toNetlink(c, v, ifIndex);
                changed(a.ifindex());
                rtnl.removeAddress(a);
            } catch (NetlinkException e) {
                LOG.error("{}: cannot remove VIP {}: {}", c.name(), v, e.getMessage());
            }
        }
        filter.afterRemove(c);
    }

    public boolean linkUp(int ifIndex) throws IOException {
        try {
            Link link = link(ifIndex);
            return link.isUp() && link.isRunning();
        } catch (NetlinkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private InterfaceAddress toNetlink(InstanceConfig c, VirtualAddress v, int ifIndex) throws NetlinkException {
        InterfaceAddress a = InterfaceAddress.vip(ifIndexOf(c, v, ifIndex), v.address(), v.prefixLength());
        return v.label().isPresent() ? a.withLabel(v.label().get()) : a;
    }

    private int ifIndexOf(InstanceConfig c, VirtualAddress v, int ifIndex) throws NetlinkException {
        return v.device().isPresent() && !v.device().get().equals(c.interfaceName())
                ? rtnl.ifindex(v.device().get()) : ifIndex;
    }
}
