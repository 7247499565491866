package org.vrrpd.check.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckResult;

class HttpCheckTest {

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private String start(int status, String body, SSLContext tls) throws Exception {
        InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls != null) {
            HttpsServer s = HttpsServer.create(addr, 0);
            s.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = s;
        } else {
            server = HttpServer.create(addr, 0);
        }
        server.createContext("/", ex -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " Host=" + ex.getRequestHeaders().getFirst("Host"));
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(status, head ? -1 : b.length);
            try (OutputStream out = ex.getResponseBody()) {
                if (!head) {
                    out.write(b);
                }
            }
        });
        server.start();
        return (tls != null ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort() + "/health";
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static CheckResult probe(String url, Map<String, Object> extra) throws Exception {
        Map<String, Object> yaml = new HashMap<>(Map.of("url", url));
        yaml.putAll(extra);
        HttpConfig config = Configs.bind(yaml, HttpConfig.class);
        config.setTimeout(Duration.ofSeconds(10)); // generous: TLS handshakes on a loaded CI machine
        return new HttpCheck.Factory().create(config).run(new FakeContext(config.timeout()));
    }

    @Test
    void expectedStatusAndBody_shouldBeUp() throws Exception {
        String url = start(200, "status: OK\n", null);
        CheckResult r = probe(url, Map.of("expect_body", "OK"));
        assertTrue(r.up(), r.message());
        assertEquals("200", r.detail().get("status"));
    }

    @Test
    void wrongStatus_shouldBeDown() throws Exception {
        String url = start(503, "maintenance", null);
        CheckResult r = probe(url, Map.of());
        assertFalse(r.up());
        assertEquals("status 503, expected 200", r.message());
    }

    @Test
    void statusFromTheExpectedSet_shouldBeUp() throws Exception {
        String url = start(204, "", null);
        assertTrue(probe(url, Map.of("expect_status", List.of(200, 204))).up());
    }

    @Test
    void bodyMismatch_shouldBeDown() throws Exception {
        String url = start(200, "status: DEGRADED", null);
        assertEquals("body does not contain 'OK'", probe(url, Map.of("expect_body", "OK")).message());
        assertEquals("body does not match /^status: OK$/",
                probe(url, Map.of("expect_body_regex", "^status: OK$")).message());
    }

    @Test
    void head_shouldSendHead() throws Exception {
        String url = start(200, "ignored", null);
        assertTrue(probe(url, Map.of("method", "HEAD")).up());
        assertTrue(seen.get(0).startsWith("HEAD /health"), seen.get(0));
    }

    @Test
    void hostHeader_shouldReachTheServer() throws Exception {
        String url = start(200, "OK", null);
        CheckResult r = probe(url, Map.of("host_header", "mail.example.net"));
        assertTrue(r.up(), r.message());
        assertEquals("GET /health Host=mail.example.net", seen.get(0));
    }

    @Test
    void refused_shouldBeDown() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = ss.getLocalPort();
        }
        assertEquals("connection refused", probe("http://127.0.0.1:" + port + "/", Map.of()).message());
    }

    @Test
    void https_shouldBeUp_withPinnedCa() throws Exception {
        TestCerts certs = TestCerts.trusted();
        String url = start(200, "OK", certs.serverContext());
        CheckResult r = probe(url, Map.of("ca_file", certs.caPem.toString()));
        assertTrue(r.up(), r.message());
    }

    @Test
    void https_shouldFailHandshake_whenCertificateIsNotFromThePinnedCa() throws Exception {
        String url = start(200, "OK", TestCerts.other().serverContext());
        CheckResult r = probe(url, Map.of("ca_file", TestCerts.trusted().caPem.toString()));
        assertTrue(r.message().startsWith("TLS handshake failed"), r.message());
    }

    @Test
    void https_withTlsVerifyFalse_shouldAcceptAnyCertificate() throws Exception {
        String url = start(200, "OK", TestCerts.other().serverContext());
        assertTrue(probe(url, Map.of("tls_verify", false)).up());
    }

    @Test
    void badConfig_shouldBeRejectedWithReason() {
        HttpConfig both = Configs.bind(Map.of("url", "http://127.0.0.1/", "expect_body", "a",
                "expect_body_regex", "b"), HttpConfig.class);
        assertEquals("http check: set expect_body or expect_body_regex, not both",
                assertThrows(CheckConfigException.class, () -> new HttpCheck(both)).getMessage());
        HttpConfig post = Configs.bind(Map.of("url", "http://127.0.0.1/", "method", "POST"), HttpConfig.class);
        assertThrows(CheckConfigException.class, () -> new HttpCheck(post));
        HttpConfig ftp = Configs.bind(Map.of("url", "ftp://127.0.0.1/"), HttpConfig.class);
        assertThrows(CheckConfigException.class, () -> new HttpCheck(ftp));
    }
}
