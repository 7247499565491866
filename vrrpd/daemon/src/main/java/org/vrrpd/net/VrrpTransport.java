package org.vrrpd.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;

/**
 * The daemon's whole view of the network for VRRP traffic: open endpoints, and announce VIPs with gratuitous ARP
 * and unsolicited NA. {@link LinuxVrrpTransport} implements it on raw sockets driven by a Netty epoll event loop;
 * {@code InMemoryLan}, in the daemon's test fixtures (its test-jar), implements it in memory for tests. Handlers
 * run on the transport's single I/O thread.
 */
public interface VrrpTransport extends AutoCloseable {

    /** Opens a protocol-112 endpoint; {@code handler} receives accepted packets until the endpoint is closed. */
    VrrpEndpoint open(EndpointSpec spec, PacketHandler handler) throws IOException;

    int interfaceIndex(String interfaceName) throws IOException;

    MacAddress hardwareAddress(String interfaceName) throws IOException;

    /** Broadcasts a gratuitous ARP request for {@code vip} from {@code mac} (see {@link LinkFrames#gratuitousArp}). */
    void sendGratuitousArp(int ifIndex, Inet4Address vip, MacAddress mac) throws IOException;

    /**
     * Goes through a link-layer frame's send path (address, native call) on no socket, so nothing leaves: a
     * warm-up of the gratuitous ARP / unsolicited NA path, from any thread. Errors are swallowed. Default: nothing.
     */
    default void rehearseFrame(int ifIndex, byte[] frame) {
    }

    /**
     * Broadcasts a gratuitous ARP request saying {@code vip} is at {@code owner}, with {@code ethernetSource} as
     * the frame's source (see {@link LinkFrames#gratuitousArp(Inet4Address, MacAddress, MacAddress)}). The
     * default sends the plain form from {@code owner}, which is what an in-memory transport records.
     */
    default void sendGratuitousArp(int ifIndex, Inet4Address vip, MacAddress owner, MacAddress ethernetSource)
            throws IOException {
        sendGratuitousArp(ifIndex, vip, owner);
    }

    /** Sends an unsolicited NA for {@code vip} from {@code source} (link-local) to ff02::1, hop limit 255. */
    void sendUnsolicitedNa(int ifIndex, Inet6Address source, Inet6Address vip, MacAddress mac, boolean router)
            throws IOException;

    /**
     * Sends an unsolicited NA saying {@code vip} is at {@code owner} (Override flag, target link-layer address =
     * {@code owner}), with {@code ethernetSource} as the frame's source (see
     * {@link LinkFrames#unsolicitedNeighborAdvert(Inet6Address, Inet6Address, MacAddress, MacAddress, boolean)}).
     * The default sends the plain form from {@code owner}, which is what an in-memory transport records.
     */
    default void sendUnsolicitedNa(int ifIndex, Inet6Address source, Inet6Address vip, MacAddress owner,
                                   MacAddress ethernetSource, boolean router) throws IOException {
        sendUnsolicitedNa(ifIndex, source, vip, owner, router);
    }

    /** Closes every endpoint still open. Idempotent. */
    @Override
    void close();
}
