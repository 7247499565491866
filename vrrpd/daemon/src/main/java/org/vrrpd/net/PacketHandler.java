package org.vrrpd.net;

import org.vrrpd.wire.IpEnvelope;

/** Receives the VRRP payload (after any IP header) with its envelope; called on the transport's I/O thread. */
@FunctionalInterface
public interface PacketHandler {
    void onPacket(IpEnvelope envelope, byte[] payload);
}
