package org.vrrpd.daemon.vip;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.net.MacAddress;
import org.vrrpd.net.netlink.NeighbourLookup;
import org.vrrpd.net.netlink.NetlinkException;

/**
 * {@link NeighbourTable} over rtnetlink ({@link NeighbourLookup}), both families. The request socket is opened
 * on first use, in the daemon's network namespace. To resolve, it asks the kernel directly (RTM_NEWNEIGH with
 * NTF_USE: an ARP request or Neighbor Solicitation goes out, nothing is sent to the router itself); if that
 * fails (no CAP_NET_ADMIN), it falls back to an empty UDP datagram to the discard port, which makes the kernel
 * resolve the address before sending (IPv6 link-local addresses scoped by the ifindex).
 */
final class NetlinkNeighbourTable implements NeighbourTable {

    private static final Logger LOG = LoggerFactory.getLogger(NetlinkNeighbourTable.class);
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private NeighbourLookup lookup;
    private boolean unavailable;
    private boolean pokeOnly;
    private long warnedAt = System.nanoTime() - WARN_EVERY_NANOS;

    @Override
    public synchronized Optional<MacAddress> lookup(int ifindex, InetAddress address) {
        NeighbourLookup l = lookup();
        if (l == null) {
            return Optional.empty();
        }
        try {
            return l.find(ifindex, address).flatMap(n -> n.validEthernetAddress()).map(MacAddress::new);
        } catch (NetlinkException | RuntimeException e) {
            long now = System.nanoTime();
            if (now - warnedAt >= WARN_EVERY_NANOS) {
                warnedAt = now;
                LOG.warn("cannot look up the neighbour {}: {}", address.getHostAddress(), e.getMessage());
            }
            return Optional.empty();
        }
    }

    @Override
    public synchronized void resolve(int ifindex, InetAddress address) {
        NeighbourLookup l = pokeOnly ? null : lookup();
        if (l != null) {
            try {
                l.resolve(ifindex, address);
                return;
            } catch (NetlinkException | RuntimeException e) {
                LOG.info("cannot ask the kernel to resolve {} ({}); poking it with UDP from now on",
                        address.getHostAddress(), e.getMessage());
                pokeOnly = true;
            }
        }
        poke(ifindex, address);
    }

    private NeighbourLookup lookup() {
        if (lookup == null && !unavailable) {
            try {
                lookup = NeighbourLookup.open();
            } catch (NetlinkException | RuntimeException e) {
                unavailable = true;
                LOG.warn("cannot open rtnetlink for neighbour lookups: {}; step-down announcements are off",
                        e.getMessage());
            }
        }
        return lookup;
    }

    /** An empty datagram to the discard port: the kernel resolves the address to send it. */
    static void poke(int ifindex, InetAddress address) {
        InetAddress target = address;
        try {
            if (address instanceof Inet6Address a6 && a6.isLinkLocalAddress()) {
                target = Inet6Address.getByAddress(null, a6.getAddress(), ifindex);
            } else if (!(address instanceof Inet4Address) && !(address instanceof Inet6Address)) {
                return;
            }
            try (DatagramChannel ch = DatagramChannel.open()) {
                ch.configureBlocking(false);
                ch.send(ByteBuffer.allocate(0), new InetSocketAddress(target, 9));
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the next advert tries again
        }
    }
}
