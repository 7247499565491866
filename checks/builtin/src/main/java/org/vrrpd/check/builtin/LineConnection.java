package org.vrrpd.check.builtin;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLException;
import org.vrrpd.check.api.Durations;

/**
 * A CRLF line protocol client (SMTP, IMAP; the http check's kept-alive connections use its raw reads and writes)
 * that never waits past a deadline and turns every I/O failure into a
 * {@link ProbeFailure} naming what it was doing: "connection refused", "no banner within 2s", "connection reset
 * while reading banner", "TLS handshake failed: ...".
 */
final class LineConnection implements AutoCloseable {

    private static final int MAX_LINE = 16 * 1024;

    private final Clock clock;
    private Instant deadline;
    private final Duration timeout;
    private final String host;
    private final int port;
    private Socket socket;
    private TlsStreams tls;
    private InputStream in;
    private OutputStream out;
    private int tags;

    private LineConnection(Clock clock, Instant deadline, Duration timeout, String host, int port) {
        this.clock = clock;
        this.deadline = deadline;
        this.timeout = timeout;
        this.host = host;
        this.port = port;
    }

    /**
     * Connects, and for implicit TLS also completes the handshake. {@code timeout} is the configured timeout,
     * used only to word failures ("no banner within 2s"); the deadline is what limits waiting.
     */
    /* Connects, and for implicit TLS also completes the handshake. */
    static LineConnection open(String host, int port, ClientTls implicitTls, Clock clock, Instant deadline,
                               Duration timeout) throws ProbeFailure {
        LineConnection c = new LineConnection(clock, deadline, timeout, host, port);
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), c.remainingMillis("connecting"));
        } catch (IOException e) {
            closeQuietly(s);
            throw c.failure(e, "connecting");
        }
        c.attach(s);
        if (implicitTls != null) {
            c.startTls(implicitTls);
        }
        return c;
    }

    private void attach(Socket s) throws ProbeFailure {
        try {
            socket = s;
            in = new BufferedInputStream(s.getInputStream());
            out = s.getOutputStream();
        } catch (IOException e) {
            throw failure(e, "connecting");
        }
    }

    /** Wraps the connection in TLS (client mode, SNI and host name check on the configured host). */
    void startTls(ClientTls provider) throws ProbeFailure {
        try {
            socket.setSoTimeout(remainingMillis("TLS handshake"));
            tls = provider.handshake(socket, host, port);
            in = new BufferedInputStream(tls.in());
            out = tls.out();
        } catch (IOException e) {
            throw failure(e, "TLS handshake");
        }
    }

    /** The next command tag on this connection: {@code prefix} then 1, 2, 3... (IMAP's tagged commands). */
    String nextTag(String prefix) {
        return prefix + (++tags);
    }

    void writeLine(String line, String what) throws ProbeFailure {
        write((line + "\r\n").getBytes(StandardCharsets.UTF_8), what);
    }

    /** The next run's deadline, for a connection kept open between runs (the http check's keep-alive). */
    void rearm(Instant nextDeadline) {
        this.deadline = nextDeadline;
    }

    /** Writes and flushes {@code bytes}; {@code what} names them in failures ("request"). */
    void write(byte[] bytes, String what) throws ProbeFailure {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw failure(e, "sending " + what);
        }
    }

    /** Reads what has arrived, up to {@code buf.length} bytes, waiting until the deadline; -1 at the end of the stream. */
    int read(byte[] buf, String what) throws ProbeFailure {
        try {
            socket.setSoTimeout(remainingMillis(what));
            return in.read(buf, 0, buf.length);
        } catch (IOException e) {
            throw failure(e, what);
        }
    }

    /** Reads one line without its CRLF; {@code what} names it in failures ("banner", "reply to EHLO"). */
    String readLine(String what) throws ProbeFailure {
        try {
            socket.setSoTimeout(remainingMillis(what));
            ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException();
                }
                if (b == '\n') {
                    break;
                }
                if (buf.size() >= MAX_LINE) {
                    throw new ProbeFailure(what + " line longer than " + MAX_LINE + " bytes");
                }
                buf.write(b);
            }
            String line = buf.toString(StandardCharsets.UTF_8);
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        } catch (IOException e) {
            throw failure(e, what);
        }
    }

    private int remainingMillis(String what) throws ProbeFailure {
        long ms = Duration.between(clock.instant(), deadline).toMillis();
        if (ms <= 0) {
            throw new ProbeFailure(noWithin(what));
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    private String noWithin(String what) {
        String t = human(timeout);
        if (what.equals("connecting")) {
            return "connect timed out after " + t;
        }
        if (what.equals("TLS handshake")) {
            return "TLS handshake not finished within " + t;
        }
        return "no " + what + " within " + t;
    }

    /** Maps an I/O exception to the operator's words. */
    ProbeFailure failure(IOException e, String what) {
        if (e instanceof SocketTimeoutException) {
            return new ProbeFailure(noWithin(what));
        }
        if (e instanceof ConnectException) {
            String m = String.valueOf(e.getMessage()).toLowerCase();
            return new ProbeFailure(m.contains("refused") ? "connection refused" : "cannot connect: " + e.getMessage());
        }
        if (e instanceof UnknownHostException) {
            return new ProbeFailure("unknown host " + host);
        }
        if (e instanceof NoRouteToHostException) {
            return new ProbeFailure("no route to host " + host);
        }
        if (e instanceof EOFException) {
            return new ProbeFailure("connection closed while " + (what.equals("TLS handshake") ? "in TLS handshake"
                    : "reading " + what), true);
        }
        if (e instanceof SSLException) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String m = e.getMessage();
            if (root != e && root.getMessage() != null && !root.getMessage().equals(m)) {
                m = m + " (" + root.getMessage() + ")";
            }
            return new ProbeFailure("TLS handshake failed: " + m);
        }
        if (e instanceof SocketException) {
            String m = String.valueOf(e.getMessage());
            if (m.toLowerCase().contains("reset")) {
                return new ProbeFailure("connection reset while "
                        + (what.startsWith("sending") || what.equals("connecting") ? what : "reading " + what), true);
            }
            if (m.toLowerCase().contains("broken pipe")) {
                return new ProbeFailure("connection closed while " + what, true);
            }
        }
        return new ProbeFailure(what + " failed: " + e);
    }

    static String human(Duration d) {
        return Durations.format(d);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        if (tls != null) {
            tls.close();
            tls = null;
        }
        if (socket != null) {
            closeQuietly(socket);
        }
    }
}
