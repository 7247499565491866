package org.vrrpd.daemon.vip;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.net.EndpointSpec;
import org.vrrpd.net.MacAddress;
import org.vrrpd.net.PacketHandler;
import org.vrrpd.net.VrrpEndpoint;
import org.vrrpd.net.VrrpTransport;

/**
 * One instance's virtual MAC ({@code vmac: true}, RFC 9568 §7.3): the macvlan that holds its VIPs while Active and
 * the VRRP socket on it, so adverts, gratuitous ARPs and unsolicited NAs leave with the virtual MAC as their
 * Ethernet source. Adverts keep the parent's primary address as IP source (IPv4); for IPv6 the parent's link-local
 * address is added to the macvlan (an IPv6 link-local source must be on the outgoing interface), as keepalived does.
 *
 * <p>Adverts are also received on the macvlan, as keepalived does: a multicast frame whose Ethernet source is the
 * MAC of one of the host's own private-mode macvlans (the peer's adverts, sent from the same virtual MAC) is handed
 * by the kernel to that macvlan only, never to the parent, so a socket on the parent would not hear the Active
 * router and both routers would become Active. Frames from other sources reach the macvlan as well (it joins the
 * VRRP group). The link stays while Backup and goes on a clean stop.
 */
public final class VirtualMac {

    private final InstanceConfig config;
    private final VmacLinks links;
    private final String name;
    private final int parentIfIndex;
    private final int ifIndex;
    private final MacAddress mac;
    private final VrrpEndpoint sender;

    private VirtualMac(InstanceConfig config, VmacLinks links, int parentIfIndex, int ifIndex, MacAddress mac,
                       VrrpEndpoint sender) {
        this.config = config;
        this.links = links;
        this.name = config.vmacInterface().orElseThrow();
        this.parentIfIndex = parentIfIndex;
        this.ifIndex = ifIndex;
        this.mac = mac;
        this.sender = sender;
    }

    /** Creates or adopts the macvlan on the parent and opens the send socket on it. */
    public static VirtualMac open(InstanceConfig config, VmacLinks links, VrrpTransport transport, int parentIfIndex,
                           EndpointSpec parentSpec, InetAddress source, PacketHandler handler)
            throws IOException {
        String name = config.vmacInterface().orElseThrow();
        MacAddress mac = MacAddress.virtualRouter(config.vrid(), config.family());
        int index = links.acquire(config.name(), name, parentIfIndex, config.interfaceName(), mac);
        try {
            if (source instanceof Inet6Address v6) {
                links.addSourceAddress(config.name(), name, index, v6);
            }
            EndpointSpec spec = parentSpec.isUnicast()
                    ? EndpointSpec.unicast(name, parentSpec.family(), parentSpec.unicastPeers())
                    : EndpointSpec.multicast(name, parentSpec.family());
            VrrpEndpoint sender = transport.open(spec, handler);
            return new VirtualMac(config, links, parentIfIndex, index, mac, sender);
        } catch (IOException | RuntimeException e) {
            links.release(config.name(), name, index, parentIfIndex);
            throw new IOException("virtual MAC interface " + name + ": " + e.getMessage(), e);
        }
    }

    /** The macvlan's ifindex: where the VIPs go and what gratuitous announcements leave from. */
    public int ifIndex() {
        return ifIndex;
    }

    /** 00:00:5e:00:01:{vrid} (IPv4) or 00:00:5e:00:02:{vrid} (IPv6). */
    public MacAddress mac() {
        return mac;
    }

    /** The socket adverts are sent from and received on. */
    public VrrpEndpoint endpoint() {
        return sender;
    }

    public String name() {
        return name;
    }

    /** Closes the socket and deletes the link (restoring the parent's settings when it was its last). */
    public void close() {
        sender.close();
        links.release(config.name(), name, ifIndex, parentIfIndex);
    }
}
