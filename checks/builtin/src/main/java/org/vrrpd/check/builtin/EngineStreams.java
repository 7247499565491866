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

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final InputStream rawIn;
    private final OutputStream rawOut;
    /** Bytes read from the socket and not yet unwrapped (read mode). */
    private ByteBuffer netIn;
    /** Application bytes unwrapped and not yet handed out (read mode). */
    private ByteBuffer appIn;
    private final ByteBuffer netOut;
    private boolean inboundClosed;
    private boolean closed;
    private final InputStream in = new In();
    private final OutputStream out = new Out();

    EngineStreams(Socket socket, SSLEngine engine) throws IOException {
        this.engine = engine;
        this.rawIn = socket.getInputStream();
        this.rawOut = socket.getOutputStream();
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet).flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
        this.netOut = ByteBuffer.allocate(packet);
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
            if (netOut.hasRemaining()) {
                rawOut.write(netOut.array(), netOut.arrayOffset() + netOut.position(), netOut.remaining());
            }
        } while (src.hasRemaining() && r.getStatus() == SSLEngineResult.Status.OK);
        rawOut.flush();
        return r;
    }

    /**
     * Unwraps one record into {@link #appIn}, reading from the socket until a whole record is there. In the
     * handshake it reads only while the engine still wants to unwrap: an engine that has taken the server's
     * session tickets may report the end of the handshake together with an empty buffer (BoringSSL against nginx
     * does), and nothing more comes until the client speaks.
     */
    private SSLEngineResult unwrap(boolean handshaking) throws IOException {
        while (true) {
            appIn.compact();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, appIn);
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
                    ByteBuffer bigger = ByteBuffer.allocate(appIn.remaining()
                            + engine.getSession().getApplicationBufferSize());
                    bigger.put(appIn).flip();
                    appIn = bigger;
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

    /** Reads more bytes from the socket into {@link #netIn}; the end of the stream throws. */
    private void fill() throws IOException {
        netIn.compact();
        int n;
        try {
            if (!netIn.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(netIn.capacity() + engine.getSession().getPacketBufferSize());
                netIn.flip();
                netIn = bigger.put(netIn);
            }
            n = rawIn.read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
            if (n > 0) {
                netIn.position(netIn.position() + n);
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
     * Sends close_notify, best effort (a server logs an abrupt end as an error), and frees a native engine's
     * memory; the socket is closed by its owner.
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
        }
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (!appIn.hasRemaining()) {
                if (inboundClosed) {
                    return -1;
                }
                SSLEngineResult r = unwrap(false);
                HandshakeStatus hs = r.getHandshakeStatus();
                while (hs == HandshakeStatus.NEED_WRAP || hs == HandshakeStatus.NEED_TASK) {
                    hs = step(hs); // a key update or a renegotiation request in the middle of the data
                }
            }
            int n = Math.min(len, appIn.remaining());
            appIn.get(b, off, n);
            return n;
        }

        @Override
        public int available() {
            return appIn.remaining();
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            SSLEngineResult r = wrap(ByteBuffer.wrap(b, off, len));
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("TLS connection closed by the peer");
            }
        }
    }
}
