package org.vrrpd.check.builtin;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The memory one TLS connection of {@link EngineStreams} works in: the engine's four buffers in native memory,
 * where the native engine reads and writes in place (given heap buffers it allocates, copies through and frees a
 * native buffer on every wrap and unwrap), and one array for the socket's streams. A check keeps one set in its
 * {@link Slot} and lends it to one connection at a time, so a run allocates none of it.
 */
final class EngineBuffers {

    /** Bytes read from the socket and not yet unwrapped (read mode between calls). */
    ByteBuffer netIn;
    /** Application bytes unwrapped and not yet handed out (read mode between calls). */
    ByteBuffer appIn;
    /** Records wrapped and not yet written to the socket. */
    final ByteBuffer netOut;
    /** Application bytes waiting to be wrapped. */
    final ByteBuffer appOut;
    /** Between the socket's streams and the native buffers. */
    final byte[] io;

    EngineBuffers(int packetSize, int applicationSize) {
        this.netIn = ByteBuffer.allocateDirect(packetSize).flip();
        this.appIn = ByteBuffer.allocateDirect(applicationSize).flip();
        this.netOut = ByteBuffer.allocateDirect(packetSize);
        this.appOut = ByteBuffer.allocateDirect(applicationSize);
        this.io = new byte[packetSize];
    }

    boolean fits(int packetSize, int applicationSize) {
        return netIn.capacity() >= packetSize && netOut.capacity() >= packetSize && io.length >= packetSize
                && appIn.capacity() >= applicationSize && appOut.capacity() >= applicationSize;
    }

    /** Empty again, for the next connection. */
    EngineBuffers reset() {
        netIn.clear().flip();
        appIn.clear().flip();
        netOut.clear();
        appOut.clear();
        return this;
    }

    /**
     * One check's set, lent to one connection at a time. Runs of a check may overlap (a second run while a late
     * one is still in flight): a connection that finds the set lent out gets its own, which is dropped after.
     */
    static final class Slot {
        private final AtomicReference<EngineBuffers> kept = new AtomicReference<>();

        EngineBuffers take(int packetSize, int applicationSize) {
            EngineBuffers b = kept.getAndSet(null);
            if (b != null && b.fits(packetSize, applicationSize)) {
                return b.reset();
            }
            return new EngineBuffers(packetSize, applicationSize);
        }

        void giveBack(EngineBuffers b) {
            kept.compareAndSet(null, b);
        }
    }
}
