package org.vrrpd.daemon.vip;

import java.net.InetAddress;
import java.util.Optional;
import org.vrrpd.net.MacAddress;

/**
 * The kernel's neighbour table (ARP for IPv4, NDP for IPv6) of this network namespace, as far as a stepping-down
 * router needs it: the MAC of the router whose advert made it step down ({@link StepDownAnnouncer}), and a way to
 * make the kernel resolve that router ahead of time. An IPv6 link-local address is scoped by the ifindex.
 */
public interface NeighbourTable {

    /**
     * The MAC of {@code address} on interface {@code ifindex}, if the kernel has an entry for it in a state with a
     * valid link-layer address (REACHABLE, STALE, DELAY, PROBE, PERMANENT, NOARP).
     */
    Optional<MacAddress> lookup(int ifindex, InetAddress address);

    /** Asks the kernel to resolve {@code address} on {@code ifindex}; the result shows up in lookup later. */
    void resolve(int ifindex, InetAddress address);

    /** Linux: rtnetlink (RTM_GETNEIGH, and RTM_NEWNEIGH with NTF_USE to resolve); see {@link NetlinkNeighbourTable}. */
    NeighbourTable LINUX = new NetlinkNeighbourTable();
}
