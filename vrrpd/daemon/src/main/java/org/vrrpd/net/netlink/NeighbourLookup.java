package org.vrrpd.net.netlink;

import static org.vrrpd.net.netlink.NetlinkConstants.EINVAL;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.vrrpd.wire.Addresses;

/**
 * The kernel's neighbour table over rtnetlink: look up one entry (RTM_GETNEIGH get, with a filtered dump as
 * fallback for kernels before 5.0), list one family's entries, and make the kernel resolve an address
 * (RTM_NEWNEIGH with NTF_USE). Both IPv4 (ARP) and IPv6 (NDP); an IPv6 link-local address is scoped by the
 * ifindex given. Uses its own request socket, in the network namespace of the thread that opens it.
 */
public final class NeighbourLookup implements AutoCloseable {

    private static final int ENOENT = 2;
    private static final int EOPNOTSUPP = 95;

    private final LinuxRtnetlink rtnl;
    private volatile boolean getUnsupported;

    private NeighbourLookup(LinuxRtnetlink rtnl) {
        this.rtnl = rtnl;
    }

    /** Opens the request socket in the calling thread's network namespace. */
    public static NeighbourLookup open() throws NetlinkException {
        return new NeighbourLookup(LinuxRtnetlink.open());
    }

    /** The kernel's entry for {@code address} on {@code ifindex}, in whatever state; empty if there is none. */
    public Optional<Neighbour> find(int ifindex, InetAddress address) throws NetlinkException {
        int family = NeighbourMessages.family(address);
        if (!getUnsupported) {
            try {
                List<NlMessage> reply = rtnl.exchange(seq -> NeighbourMessages.get(ifindex, address, seq),
                        "get neighbour " + Addresses.text(address) + " on ifindex " + ifindex);
                return NeighbourMessages.toNeighbours(reply, family, ifindex).stream().findFirst();
            } catch (NetlinkException e) {
                if (e.errno() == ENOENT) {
                    return Optional.empty();
                }
                if (e.errno() != EINVAL && e.errno() != EOPNOTSUPP) {
                    throw e;
                }
                getUnsupported = true; // a kernel without RTM_GETNEIGH get: dump from now on
            }
        }
        return neighbours(family, ifindex).stream().filter(n -> n.address().equals(address)).findFirst();
    }

    /** Finds entries by dump from now on, as on a kernel without RTM_GETNEIGH get (tests). */
    void useDumpOnly() {
        getUnsupported = true;
    }

    /** Every entry of one family (AF_INET or AF_INET6) on {@code ifindex} (all interfaces if 0). */
    public List<Neighbour> neighbours(int family, int ifindex) throws NetlinkException {
        List<NlMessage> reply = rtnl.exchange(seq -> NeighbourMessages.dump(family, ifindex, seq),
                "dump neighbours");
        return NeighbourMessages.toNeighbours(reply, family, ifindex);
    }

    /**
     * Asks the kernel to resolve {@code address} on {@code ifindex} now (it sends an ARP request or a Neighbor
     * Solicitation; nothing goes to the address itself). Needs CAP_NET_ADMIN. The result shows in
     * {@link #find} once the neighbour answers.
     */
    public void resolve(int ifindex, InetAddress address) throws NetlinkException {
        rtnl.exchange(seq -> NeighbourMessages.resolve(ifindex, address, seq),
                "resolve neighbour " + Addresses.text(address) + " on ifindex " + ifindex);
    }

    @Override
    public void close() throws NetlinkException {
        rtnl.close();
    }
}
