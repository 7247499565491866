package org.vrrpd.check.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.testing.Poll;

/** The http check's kept-alive connection and its framing, against a scripted raw HTTP server. */
class HttpKeepAliveTest {

    private final AtomicInteger connections = new AtomicInteger();

    /** Reads one request head (lines up to the empty one); false when the client closed instead. */
    private static boolean request(FakeServer.Conn c) throws Exception {
        String l = c.readLine();
        if (l == null) {
            return false;
        }
        while (l != null && !l.isEmpty()) {
            l = c.readLine();
        }
        return true;
    }

    private FakeServer server(FakeServer.Handler perConnection) throws Exception {
        return new FakeServer(c -> {
            connections.incrementAndGet();
            perConnection.handle(c);
        });
    }

    private static Check check(FakeServer s, Map<String, Object> extra) throws Exception {
        Map<String, Object> yaml = new HashMap<>(Map.of("url", "http://127.0.0.1:" + s.port() + "/health?x=1"));
        yaml.putAll(extra);
        HttpConfig config = Configs.bind(yaml, HttpConfig.class);
        config.setTimeout(Duration.ofSeconds(10));
        return new HttpCheck.Factory().create(config);
    }

    private static CheckResult run(Check check, Duration timeout) throws Exception {
        return check.run(new FakeContext(timeout));
    }

    @Test
    void keptAlive_secondRunReusesTheConnection() throws Exception {
        try (FakeServer s = server(c -> {
            while (request(c)) {
                c.sendRaw("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nstatus OK");
            }
        }); Check check = check(s, Map.of("expect_body", "OK"))) {
            for (int i = 0; i < 3; i++) {
                CheckResult r = run(check, Duration.ofSeconds(10));
                assertTrue(r.up(), r.message());
            }
            assertEquals(1, connections.get());
            assertEquals("GET /health?x=1 HTTP/1.1", s.received.get(0));
            assertTrue(s.received.contains("host: 127.0.0.1:" + s.port())
                    || s.received.contains("Host: 127.0.0.1:" + s.port()), s.received.toString());
        }
    }

    @Test
    void aKeptConnectionTheServerClosed_isRetriedOnceOnANewOne() throws Exception {
        try (FakeServer s = server(c -> {
            request(c);
            c.sendRaw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK");
            // then closes, as a server does at its keep-alive timeout
        }); Check check = check(s, Map.of())) {
            assertTrue(run(check, Duration.ofSeconds(10)).up());
            Poll.until(() -> connections.get() == 1, Duration.ofSeconds(10), "the first connection to end");
            CheckResult second = run(check, Duration.ofSeconds(10));
            assertTrue(second.up(), second.message());
            assertEquals(2, connections.get());
        }
    }

    @Test
    void connectionClose_isNotKept() throws Exception {
        try (FakeServer s = server(c -> {
            request(c);
            c.sendRaw("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nOK");
            c.drain();
        }); Check check = check(s, Map.of())) {
            assertTrue(run(check, Duration.ofSeconds(10)).up());
            assertTrue(run(check, Duration.ofSeconds(10)).up());
            assertEquals(2, connections.get());
        }
    }

    @Test
    void chunkedBody_isReadWhole_andTheConnectionKept() throws Exception {
        try (FakeServer s = server(c -> {
            while (request(c)) {
                c.sendRaw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "7\r\nstatus:\r\n" + "3\r\n OK\r\n" + "0\r\n\r\n");
            }
        }); Check check = check(s, Map.of("expect_body_regex", "^status: OK$"))) {
            for (int i = 0; i < 2; i++) {
                CheckResult r = run(check, Duration.ofSeconds(10));
                assertTrue(r.up(), r.message());
            }
            assertEquals(1, connections.get());
        }
    }

    @Test
    void closeDelimitedBody_endsWithTheConnection() throws Exception {
        try (FakeServer s = server(c -> {
            request(c);
            c.sendRaw("HTTP/1.0 200 OK\r\n\r\nall of it, then the end: OK");
        }); Check check = check(s, Map.of("expect_body", "end: OK"))) {
            CheckResult r = run(check, Duration.ofSeconds(10));
            assertTrue(r.up(), r.message());
        }
    }

    @Test
    void head_hasNoBody_andKeepsTheConnection() throws Exception {
        try (FakeServer s = server(c -> {
            while (request(c)) {
                c.sendRaw("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n");
            }
        }); Check check = check(s, Map.of("method", "HEAD"))) {
            assertTrue(run(check, Duration.ofSeconds(10)).up());
            assertTrue(run(check, Duration.ofSeconds(10)).up());
            assertEquals(1, connections.get());
            assertTrue(s.received.get(0).startsWith("HEAD /health"), s.received.get(0));
        }
    }

    @Test
    void silentServer_isDownAtTheDeadline() throws Exception {
        try (FakeServer s = server(c -> {
            request(c);
            c.drain();
        }); Check check = check(s, Map.of())) {
            long t0 = System.nanoTime();
            CheckResult r = run(check, Duration.ofMillis(300));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertFalse(r.up());
            assertEquals("no response within 10s", r.message());
            assertTrue(ms >= 280 && ms < 5000, "gave up after " + ms + " ms");
        }
    }

    @Test
    void bodyThatStopsHalfway_isDown() throws Exception {
        try (FakeServer s = server(c -> {
            request(c);
            c.sendRaw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part");
        }); Check check = check(s, Map.of())) {
            CheckResult r = run(check, Duration.ofSeconds(10));
            assertFalse(r.up());
            assertEquals("connection closed while reading response", r.message());
        }
    }

    @Test
    void garbageInsteadOfAStatusLine_isNamed() throws Exception {
        try (FakeServer s = server(c -> {
            request(c);
            c.sendRaw("SSH-2.0-OpenSSH_9.2\r\n\r\n");
            c.drain();
        }); Check check = check(s, Map.of())) {
            CheckResult r = run(check, Duration.ofSeconds(10));
            assertFalse(r.up());
            assertTrue(r.message().startsWith("malformed response"), r.message());
        }
    }
}
