package org.vrrpd.check.builtin;

import io.netty.util.ReferenceCountUtil;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS over a connected, blocking socket through an {@link SSLEngine}: the handshake, then an input and an output
 * stream of application data. Every read from the socket is bounded by its {@code SO_TIMEOUT}, so a check's
 * deadline holds during the handshake as after it. Used with the native (BoringSSL) engine, which has no
 * {@code SSLSocket} of its own. One connection, one thread at a time.
 */
final class EngineStreams implements TlsStreams {

    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);

    private final SSLEngine engine;
    private final InputStream rawIn;
    private final OutputStream rawOut;
    private final EngineBuffers buffers;
    private final EngineBuffers.Slot lender;
    private final ByteBuffer netOut;
    private final ByteBuffer appOut;
    private boolean inboundClosed;
    private boolean closed;
    private final InputStream in = new In();
    private final OutputStream out = new Out();

    /** Works in the buffers {@code lender} lends, and gives them back on {@link #close()}. */
    EngineStreams(Socket socket, SSLEngine engine, EngineBuffers.Slot lender) throws IOException {
        this.engine = engine;
        this.rawIn = socket.getInputStream();
        this.rawOut = socket.getOutputStream();
        this.lender = lender;
        this.buffers = lender.take(engine.getSession().getPacketBufferSize(),
                engine.getSession().getApplicationBufferSize());
        this.netOut = buffers.netOut;
        this.appOut = buffers.appOut;
    }

    /** Runs the handshake to its end; an alert, a refused certificate or a closed connection throws. */
    void handshake() throws IOException {
        engine.beginHandshake();
        HandshakeStatus hs = engine.getHandshakeStatus();
        while (hs != HandshakeStatus.FINISHED && hs != HandshakeStatus.NOT_HANDSHAKING) {
            hs = step(hs);
            if (inboundClosed) {
                throw new EOFException();
            }
        }
    }

    private HandshakeStatus step(HandshakeStatus hs) throws IOException {
        switch (hs) {
            case NEED_WRAP:
                return wrap(EMPTY).getHandshakeStatus();
            case NEED_UNWRAP:
            case NEED_UNWRAP_AGAIN:
                return unwrap(true).getHandshakeStatus();
            case NEED_TASK:
                for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                    task.run();
                }
                return engine.getHandshakeStatus();
            default:
                return hs;
        }
    }

    /** Wraps {@code src} (all of it) and writes the records to the socket. */
    private SSLEngineResult wrap(ByteBuffer src) throws IOException {
        SSLEngineResult r;
        do {
            netOut.clear();
            r = engine.wrap(src, netOut);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                throw new SSLException("TLS record larger than the packet buffer");
            }
            netOut.flip();
            while (netOut.hasRemaining()) {
                int n = Math.min(netOut.remaining(), buffers.io.length);
                netOut.get(buffers.io, 0, n);
                rawOut.write(buffers.io, 0, n);
            }
        } while (src.hasRemaining() && r.getStatus() == SSLEngineResult.Status.OK);
        rawOut.flush();
        return r;
    }

    /**
     * Unwraps one record into the application input, reading from the socket until a whole record is there. In the
     * handshake it reads only while the engine still wants to unwrap: an engine that has taken the server's
     * session tickets may report the end of the handshake together with an empty buffer (BoringSSL against nginx
     * does), and nothing more comes until the client speaks.
     */
    private SSLEngineResult unwrap(boolean handshaking) throws IOException {
        while (true) {
            ByteBuffer appIn = buffers.appIn.compact();
            SSLEngineResult r;
            try {
                r = engine.unwrap(buffers.netIn, appIn);
            } finally {
                appIn.flip();
            }
            switch (r.getStatus()) {
                case OK:
                    return r;
                case CLOSED:
                    inboundClosed = true;
                    return r;
                case BUFFER_OVERFLOW:
                    ByteBuffer bigger = ByteBuffer.allocateDirect(appIn.remaining()
                            + engine.getSession().getApplicationBufferSize());
                    buffers.appIn = bigger.put(appIn).flip();
                    break;
                case BUFFER_UNDERFLOW:
                default:
                    HandshakeStatus hs = r.getHandshakeStatus();
                    if (handshaking && hs != HandshakeStatus.NEED_UNWRAP && hs != HandshakeStatus.NEED_UNWRAP_AGAIN) {
                        return r;
                    }
                    fill();
                    break;
            }
        }
    }

    /** Reads more bytes from the socket into the engine's input; the end of the stream throws. */
    private void fill() throws IOException {
        ByteBuffer netIn = buffers.netIn.compact();
        int n;
        try {
            if (!netIn.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocateDirect(netIn.capacity()
                        + engine.getSession().getPacketBufferSize());
                netIn.flip();
                netIn = bigger.put(netIn);
                buffers.netIn = netIn;
            }
            n = rawIn.read(buffers.io, 0, Math.min(netIn.remaining(), buffers.io.length));
            if (n > 0) {
                netIn.put(buffers.io, 0, n);
            }
        } finally {
            netIn.flip(); // read mode again, also when the read timed out
        }
        if (n < 0) {
            throw new EOFException();
        }
    }

    @Override
    public InputStream in() {
        return in;
    }

    @Override
    public OutputStream out() {
        return out;
    }

    /**
     * Sends close_notify, best effort (a server logs an abrupt end as an error), frees a native engine's memory
     * and gives the buffers back; the socket is closed by its owner. The streams throw from then on.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            engine.closeOutbound();
            wrap(EMPTY);
        } catch (IOException | RuntimeException e) {
            // the peer may be gone already; nothing to tell it
        } finally {
            ReferenceCountUtil.release(engine);
            lender.giveBack(buffers);
        }
    }

    /** After a failed handshake: frees the engine and gives the buffers back, sending nothing. */
    void abandon() {
        if (!closed) {
            closed = true;
            ReferenceCountUtil.release(engine);
            lender.giveBack(buffers);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("TLS streams closed");
        }
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            return hasData() ? buffers.appIn.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!hasData()) {
                return -1;
            }
            ByteBuffer appIn = buffers.appIn;
            int n = Math.min(len, appIn.remaining());
            appIn.get(b, off, n);
            return n;
        }

        /** Unwraps until there is application data (true) or the peer has closed (false). */
        private boolean hasData() throws IOException {
            ensureOpen();
            while (!buffers.appIn.hasRemaining()) {
                if (inboundClosed) {
                    return false;
                }
                SSLEngineResult r = unwrap(false);
                HandshakeStatus hs = r.getHandshakeStatus();
                while (hs == HandshakeStatus.NEED_WRAP || hs == HandshakeStatus.NEED_TASK) {
                    hs = step(hs); // a key update or a renegotiation request in the middle of the data
                }
            }
            return true;
        }

        @Override
        public int available() {
            return closed ? 0 : buffers.appIn.remaining();
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        /** Copies {@code b} into the native buffer in pieces it holds and wraps each. */
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            int end = off + len;
            for (int at = off; at < end; ) {
                int n = Math.min(end - at, appOut.capacity());
                appOut.clear();
                appOut.put(b, at, n).flip();
                SSLEngineResult r = wrap(appOut);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    throw new SSLException("TLS connection closed by the peer");
                }
                at += n;
            }
        }
    }
}
