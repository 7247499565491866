package org.vrrpd.net;

import org.vrrpd.wire.IpEnvelope;

/** Receives the VRRP payload (after any IP header) with its envelope; called on the transport's I/O thread. */
@FunctionalInterface
public interface PacketHandler {
    void onPacket(IpEnvelope envelope, byte[] payload);

    /**
     * The same with the packet's receipt time on the monotonic clock ({@link System#nanoTime()}'s timebase), from
     * the kernel's receive timestamp where the transport has one; the default drops it.
     */
    default void onPacket(IpEnvelope envelope, byte[] payload, long receivedAtNanos) {
        onPacket(envelope, payload);
    }
}
