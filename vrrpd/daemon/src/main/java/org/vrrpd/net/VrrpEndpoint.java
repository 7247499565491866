package org.vrrpd.net;

import java.io.IOException;
import java.net.InetAddress;

/** An open VRRP socket on one interface and family; see {@link VrrpTransport#open}. */
public interface VrrpEndpoint extends AutoCloseable {

    EndpointSpec spec();

    /** The kernel index of {@link EndpointSpec#interfaceName()}. */
    int ifIndex();

    /**
     * Sends one VRRP message (checksum already computed by the codec) with TTL/hop limit 255 from {@code source}
     * (the interface's primary IPv4 or link-local IPv6 address) to {@code destination}, which must be the group in
     * multicast mode or a configured peer in unicast mode (else {@link IllegalArgumentException}).
     */
    void send(byte[] payload, InetAddress destination, InetAddress source) throws IOException;

    /**
     * Packets this unicast endpoint received from a source outside its peer list and did not deliver (the
     * allow-list filter); the caller reports them as the {@code unknown_peer} drop. Always 0 for multicast.
     */
    default long refusedPackets() {
        return 0;
    }

    /**
     * Goes through {@link #send}'s preparation and its native call on no socket, so nothing leaves: a warm-up of
     * the send path, from any thread. Errors are swallowed. The default does nothing.
     */
    default void rehearseSend(byte[] payload, InetAddress destination, InetAddress source) {
    }

    /**
     * Delivers, now and on the calling (protocol) thread, the packets already queued on the socket that the event
     * loop has not read yet; returns how many were delivered. A Backup calls it as its Master_Down_Timer expires,
     * so an advert that arrived before the deadline resets the timer instead of losing to it. The default has no
     * queue and delivers nothing.
     */
    default int drainPending() {
        return 0;
    }

    /** Stops receiving and releases the socket. Idempotent. */
    @Override
    void close();
}
