package org.vrrpd.net;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.vrrpd.wire.IpEnvelope;

/** A {@link PacketHandler} that queues what it receives, for tests to await with a deadline. */
final class Inbox implements PacketHandler {

    record Packet(IpEnvelope envelope, byte[] payload, String thread) {
    }

    private final LinkedBlockingQueue<Packet> queue = new LinkedBlockingQueue<>();

    @Override
    public void onPacket(IpEnvelope envelope, byte[] payload) {
        queue.add(new Packet(envelope, payload, Thread.currentThread().getName()));
    }

    /** The next packet, or null when none arrives within {@code timeout}. */
    Packet poll(Duration timeout) throws InterruptedException {
        return queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }
}
