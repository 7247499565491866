package org.vrrpd.check.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckResult;

class SmtpCheckTest {

    private final CountDownLatch hold = new CountDownLatch(1);

    @AfterEach
    void release() {
        hold.countDown();
    }

    private static CheckResult probe(FakeServer server, Map<String, Object> extra) throws Exception {
        // generous: TLS handshakes on a loaded CI machine; the slow-banner test sets its own short timeout
        return probe(server, extra, Duration.ofSeconds(10));
    }

    private static CheckResult probe(FakeServer server, Map<String, Object> extra, Duration timeout)
            throws Exception {
        Map<String, Object> yaml = new HashMap<>(Map.of("host", "127.0.0.1", "port", server.port()));
        yaml.putAll(extra);
        SmtpConfig config = Configs.bind(yaml, SmtpConfig.class);
        config.setTimeout(timeout);
        return new SmtpCheck.Factory().create(config).run(new FakeContext(config.timeout()));
    }

    @Test
    void multiLineBanner220_shouldBeUp_andQuit() throws Exception {
        try (FakeServer s = new FakeServer(c -> {
            c.send("220-mx1.example.net ESMTP", "220-no UCE", "220 ready");
            if ("QUIT".equals(c.readLine())) {
                c.send("221 bye");
            }
        })) {
            CheckResult r = probe(s, Map.of());
            assertTrue(r.up(), r.message());
            assertEquals("banner 220 mx1.example.net ESMTP", r.message());
            assertEquals(List.of("QUIT"), s.received);
        }
    }

    @Test
    void banner421_shouldBeDown_withTheServersText() throws Exception {
        try (FakeServer s = new FakeServer(c -> c.send("421 4.3.2 Service not available"))) {
            CheckResult r = probe(s, Map.of());
            assertFalse(r.up());
            assertEquals("banner 421 4.3.2 Service not available", r.message());
        }
    }

    @Test
    void banner554_shouldBeDown() throws Exception {
        try (FakeServer s = new FakeServer(c -> c.send("554 5.7.1 no service for you"))) {
            assertEquals("banner 554 5.7.1 no service for you", probe(s, Map.of()).message());
        }
    }

    @Test
    void slowBanner_shouldBeDown_afterTheTimeout() throws Exception {
        try (FakeServer s = new FakeServer(c -> hold.await())) {
            long t0 = System.nanoTime();
            CheckResult r = probe(s, Map.of(), Duration.ofSeconds(2));
            assertEquals("no banner within 2s", r.message());
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "gave up near the deadline");
        }
    }

    @Test
    void refusedConnection_shouldBeDown() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = ss.getLocalPort();
        }
        SmtpConfig config = Configs.bind(Map.of("host", "127.0.0.1", "port", port), SmtpConfig.class);
        CheckResult r = new SmtpCheck(config).run(new FakeContext(Duration.ofSeconds(2)));
        assertEquals("connection refused", r.message());
    }

    @Test
    void resetMidLine_shouldBeDown_withReset() throws Exception {
        try (FakeServer s = new FakeServer(c -> {
            c.sendRaw("220 mx1 ESM");
            c.reset();
        })) {
            // the reset may reach the client before or after it has set up its streams: an OS race
            String message = probe(s, Map.of()).message();
            assertTrue(message.equals("connection reset while reading banner")
                    || message.equals("connection reset while connecting"), message);
        }
    }

    @Test
    void bannerNotMatchingExpectBanner_shouldBeDown() throws Exception {
        try (FakeServer s = new FakeServer(c -> {
            c.send("220 mx9 Sendmail");
            c.drain();
        })) {
            CheckResult r = probe(s, Map.of("expect_banner", "Postfix"));
            assertEquals("banner does not match /Postfix/: 220 mx9 Sendmail", r.message());
        }
    }

    @Test
    void ehlo_shouldBeSent_andItsRejectionReported() throws Exception {
        try (FakeServer s = new FakeServer(c -> {
            c.send("220 mx1");
            c.readLine();
            c.send("550 go away");
            c.drain();
        })) {
            CheckResult r = probe(s, Map.of("ehlo", "probe.example"));
            assertEquals("EHLO rejected: 550 go away", r.message());
            assertEquals("EHLO probe.example", s.received.get(0));
        }
    }

    @Test
    void starttlsNotOffered_shouldBeDown() throws Exception {
        try (FakeServer s = new FakeServer(c -> {
            c.send("220 mx1");
            c.readLine();
            c.send("250-mx1", "250-PIPELINING", "250 8BITMIME");
            c.drain();
        })) {
            CheckResult r = probe(s, Map.of("tls", "starttls", "ca_file", TestCerts.trusted().caPem.toString()));
            assertEquals("server does not offer STARTTLS", r.message());
        }
    }

    @Test
    void starttls_shouldUpgrade_andEhloAgain() throws Exception {
        TestCerts certs = TestCerts.trusted();
        try (FakeServer s = new FakeServer(c -> {
            c.send("220 mx1");
            c.readLine();
            c.send("250-mx1", "250-STARTTLS", "250 8BITMIME");
            c.readLine();
            c.send("220 go ahead");
            c.startTls(certs.serverContext());
            c.readLine();
            c.send("250-mx1", "250 AUTH PLAIN");
            c.readLine();
            c.send("221 bye");
        })) {
            CheckResult r = probe(s, Map.of("tls", "starttls", "ca_file", certs.caPem.toString()));
            assertTrue(r.up(), r.message());
            assertEquals("banner 220 mx1, STARTTLS ok", r.message());
            assertEquals(List.of("EHLO vrrpd.invalid", "STARTTLS", "EHLO vrrpd.invalid", "QUIT"), s.received);
        }
    }

    @Test
    void implicitTls_shouldBeUp_withPinnedCa() throws Exception {
        TestCerts certs = TestCerts.trusted();
        try (FakeServer s = new FakeServer(c -> {
            c.send("220 mx1 over TLS");
            c.drain();
        }, certs.serverContext())) {
            CheckResult r = probe(s, Map.of("tls", "implicit", "ca_file", certs.caPem.toString()));
            assertTrue(r.up(), r.message());
        }
    }

    @Test
    void tlsHandshakeFailure_shouldBeDown_whenCertificateIsNotFromThePinnedCa() throws Exception {
        try (FakeServer s = new FakeServer(c -> c.send("220 mx1"), TestCerts.other().serverContext())) {
            CheckResult r = probe(s, Map.of("tls", "implicit", "ca_file", TestCerts.trusted().caPem.toString()));
            assertFalse(r.up());
            assertTrue(r.message().startsWith("TLS handshake failed: "), r.message());
        }
    }

    @Test
    void tlsVerifyFalse_shouldAcceptAnyCertificate() throws Exception {
        try (FakeServer s = new FakeServer(c -> {
            c.send("220 mx1");
            c.drain();
        }, TestCerts.other().serverContext())) {
            assertTrue(probe(s, Map.of("tls", "implicit", "tls_verify", false)).up());
        }
    }

    @Test
    void invalidBannerRegex_shouldBeAConfigError() {
        SmtpConfig config = Configs.bind(Map.of("expect_banner", "("), SmtpConfig.class);
        CheckConfigException e = assertThrows(CheckConfigException.class, () -> new SmtpCheck.Factory().create(config));
        assertTrue(e.getMessage().startsWith("expect_banner is not a valid regex"));
    }

    @Test
    void port_shouldDefaultFromTlsMode() {
        assertEquals(25, Configs.bind(Map.of(), SmtpConfig.class).port());
        assertEquals(465, Configs.bind(Map.of("tls", "implicit"), SmtpConfig.class).port());
    }
}
