package org.vrrpd.net;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.Addresses;
import org.vrrpd.wire.InternetChecksum;
import org.vrrpd.wire.IpsecAh;

/**
 * What a VRRP endpoint listens on: one interface, one family, and either the multicast group (no peers) or a
 * list of unicast peers. In unicast mode the endpoint sends only to the peers and delivers only packets whose
 * source is a peer (the filtering is done here, in the transport, not left to the codec).
 *
 * <p>With {@code ipsecAh} (keepalived's VRRPv2 {@code auth_type AH}, IPv4 only) the endpoint speaks IP protocol 51
 * instead of 112, and carries whole IPv4 datagrams both ways: {@link VrrpEndpoint#send} takes the datagram with
 * its IP and AH headers built by the caller ({@code IpsecAh.seal}, sent with IP_HDRINCL), and the
 * {@link PacketHandler} receives the datagram as it arrived, IP header included, for {@code IpsecAh.open}.
 */
public record EndpointSpec(String interfaceName, AddressFamily family, List<InetAddress> unicastPeers,
                           boolean ipsecAh) {

    public EndpointSpec {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(family, "family");
        unicastPeers = List.copyOf(unicastPeers);
        for (InetAddress peer : unicastPeers) {
            if (!family.matches(peer)) {
                throw new IllegalArgumentException("peer " + Addresses.text(peer) + " is not " + family);
            }
        }
        if (ipsecAh && family != AddressFamily.IPV4) {
            throw new IllegalArgumentException("IPsec-AH adverts are VRRPv2, IPv4 only");
        }
    }

    /** A protocol-112 endpoint. */
    public EndpointSpec(String interfaceName, AddressFamily family, List<InetAddress> unicastPeers) {
        this(interfaceName, family, unicastPeers, false);
    }

    /** The same endpoint speaking keepalived's IPsec-AH form (protocol 51, whole datagrams). */
    public EndpointSpec withIpsecAh() {
        return new EndpointSpec(interfaceName, family, unicastPeers, true);
    }

    /** The IP protocol the endpoint's socket is for: 51 (AH) or 112 (VRRP). */
    public int ipProtocol() {
        return ipsecAh ? IpsecAh.PROTOCOL_AH : InternetChecksum.PROTOCOL_VRRP;
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
