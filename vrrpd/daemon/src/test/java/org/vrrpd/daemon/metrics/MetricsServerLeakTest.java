package org.vrrpd.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vrrpd.status.ChecksReply;
import org.vrrpd.status.StatusReply;
import org.vrrpd.status.StatusSource;

/**
 * Clients that vanish mid-scrape must cost the daemon nothing once a bounded time has passed: every accepted
 * socket is closed again, whatever the client did. Counts this JVM's socket descriptors in /proc/self/fd.
 */
class MetricsServerLeakTest {

    private static final int CLIENTS = 40;
    private static final long DEADLINE_MS = 10_000;
    private static final byte[] REQUEST = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    /** A status big enough that the reply does not fit in one write. */
    private static final StatusSource SOURCE = new StatusSource() {
        @Override
        public StatusReply status() throws IOException {
            return MetricsRendererTest.status();
        }

        @Override
        public ChecksReply checks() throws IOException {
            return MetricsRendererTest.checks();
        }
    };

    @Test
    void clientClosingWithoutReading_shouldLeaveNoSocketBehind() throws Exception {
        runClients(false, false);
    }

    @Test
    void clientResettingWithoutReading_shouldLeaveNoSocketBehind() throws Exception {
        runClients(true, false);
    }

    @Test
    void clientClosingBeforeTheRequestEnds_shouldLeaveNoSocketBehind() throws Exception {
        runClients(false, true);
    }

    @Test
    void serverStillAnswers_afterClientsVanished() throws Exception {
        try (MetricsServer s = start()) {
            for (int i = 0; i < CLIENTS; i++) {
                vanish(s.port(), i % 2 == 0, false);
            }
            assertEquals("HTTP/1.1 200 OK", scrapeStatusLine(s.port()));
        }
    }

    @Test
    void clientStallingMidRequest_shouldBeCutOffAndNotBlockScrapes() throws Exception {
        try (MetricsServer s = start(); Socket stalled = new Socket(InetAddress.getLoopbackAddress(), s.port())) {
            stalled.getOutputStream().write(REQUEST, 0, 10);
            stalled.getOutputStream().flush();
            // The server must close the stalled connection once sun.net.httpserver.maxReqTime has passed;
            // the read returns at that moment (the timeout is only the test's deadline).
            stalled.setSoTimeout((Integer.parseInt(MetricsServer.MAX_REQ_TIME) + 10) * 1000);
            assertEquals(-1, stalled.getInputStream().read());
            assertEquals("HTTP/1.1 200 OK", scrapeStatusLine(s.port()));
        }
    }

    private static void runClients(boolean reset, boolean partial) throws Exception {
        try (MetricsServer s = start()) {
            assertEquals("HTTP/1.1 200 OK", scrapeStatusLine(s.port()));
            long baseline = awaitSockets(socketFds(), "before the clients");
            for (int i = 0; i < CLIENTS; i++) {
                vanish(s.port(), reset, partial);
            }
            awaitSockets(baseline, "after " + CLIENTS + " clients vanished (reset=" + reset + ", partial=" + partial
                    + ")");
        }
    }

    private static MetricsServer start() throws IOException {
        return MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), SOURCE,
                new CheckLatencyHistograms(), () -> MetricsRenderer.Extra.NONE);
    }

    private static void vanish(int port, boolean reset, boolean partial) throws IOException {
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), port)) {
            if (reset) {
                c.setSoLinger(true, 0);
            }
            OutputStream out = c.getOutputStream();
            out.write(REQUEST, 0, partial ? 10 : REQUEST.length);
            out.flush();
        }
    }

    private static String scrapeStatusLine(int port) throws IOException {
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), port)) {
            c.setSoTimeout(5_000);
            c.getOutputStream().write(REQUEST);
            InputStream in = c.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\r'; b = in.read()) {
                line.append((char) b);
            }
            return line.toString();
        }
    }

    /** Polls until at most {@code limit} socket descriptors are open; returns the count then. */
    private static long awaitSockets(long limit, String when) throws Exception {
        long deadline = System.nanoTime() + DEADLINE_MS * 1_000_000;
        long n = socketFds();
        while (n > limit) {
            if (System.nanoTime() > deadline) {
                fail("socket descriptors " + when + ": " + n + ", expected at most " + limit + " within "
                        + DEADLINE_MS + " ms");
            }
            // The poll interval between two counts, as in the lab's Poll; not a wait for the condition itself.
            LockSupport.parkNanos(20_000_000);
            n = socketFds();
        }
        return n;
    }

    private static long socketFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(MetricsServerLeakTest::isSocket).count();
        }
    }

    private static boolean isSocket(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (IOException e) {
            return false; // the descriptor closed while we listed it
        }
    }
}
