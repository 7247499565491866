package org.vrrpd.net;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.Addresses;

/**
 * What a VRRP endpoint listens on: one interface, one family, and either the multicast group (no peers) or a
 * list of unicast peers. In unicast mode the endpoint sends only to the peers and delivers only packets whose
 * source is a peer (the filtering is done here, in the transport, not left to the codec).
 */
public record EndpointSpec(String interfaceName, AddressFamily family, List<InetAddress> unicastPeers) {

    public EndpointSpec {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(family, "family");
        unicastPeers = List.copyOf(unicastPeers);
        for (InetAddress peer : unicastPeers) {
            if (!family.matches(peer)) {
                throw new IllegalArgumentException("peer " + Addresses.text(peer) + " is not " + family);
            }
        }
    }

    public static EndpointSpec multicast(String interfaceName, AddressFamily family) {
        return new EndpointSpec(interfaceName, family, List.of());
    }

    public static EndpointSpec unicast(String interfaceName, AddressFamily family, List<InetAddress> peers) {
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("unicast mode needs at least one peer");
        }
        return new EndpointSpec(interfaceName, family, peers);
    }

    public boolean isUnicast() {
        return !unicastPeers.isEmpty();
    }

    /** Where adverts go: the group, or each peer. */
    public List<InetAddress> destinations() {
        return isUnicast() ? unicastPeers : List.of(family.group());
    }

    /** Whether a received packet from {@code source} is accepted: always in multicast mode, peers only in unicast. */
    public boolean accepts(InetAddress source) {
        return !isUnicast() || unicastPeers.contains(source);
    }

    /** Throws unless {@code destination} is one of {@link #destinations()} and {@code source} is of this family. */
    void checkSend(InetAddress destination, InetAddress source) {
        if (!destinations().contains(destination)) {
            throw new IllegalArgumentException("destination " + Addresses.text(destination) + " is not "
                    + (isUnicast() ? "a configured peer" : "the " + family + " VRRP group") + " on " + interfaceName);
        }
        if (!family.matches(source)) {
            throw new IllegalArgumentException("source " + Addresses.text(source) + " is not " + family);
        }
    }
}
