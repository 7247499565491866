package org.vrrpd.daemon.instance;

import org.vrrpd.daemon.loop.ProtocolScheduler;
import org.vrrpd.net.PacketHandler;
import org.vrrpd.wire.IpEnvelope;

/**
 * The driver's packet handler: hands on the transport's receipt time (the kernel's receive timestamp on Linux),
 * or the protocol clock's "now" where a transport has none, so an advert resets the Master_Down_Timer from the
 * moment it arrived rather than from the moment the protocol thread got to it.
 */
final class TimedPackets implements PacketHandler {

    /** Where the packets go, with their receipt time. */
    @FunctionalInterface
    interface Sink {
        void onPacket(IpEnvelope envelope, byte[] payload, long receivedAtNanos);
    }

    private final Sink sink;
    private final ProtocolScheduler clock;

    TimedPackets(Sink sink, ProtocolScheduler clock) {
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public void onPacket(IpEnvelope envelope, byte[] payload) {
        sink.onPacket(envelope, payload, clock.nanoTime());
    }

    @Override
    public void onPacket(IpEnvelope envelope, byte[] payload, long receivedAtNanos) {
        sink.onPacket(envelope, payload, receivedAtNanos);
    }
}
