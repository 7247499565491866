package org.vrrpd.check.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.testing.Poll;

/** The same behaviour from both TLS providers, over a real loopback connection to the JDK's TLS server. */
class ClientTlsContractTest {

    private static final Clock CLOCK = Clock.systemUTC();

    private static ClientTls provider(String name, boolean verify, Path ca) throws CheckConfigException {
        ClientTls tls = name.equals("jdk") ? new JdkClientTls(TlsContexts.create(verify, ca))
                : NativeClientTls.create(verify, ca);
        assertEquals(name.equals("jdk") ? "JDK" : "BoringSSL", tls.provider());
        return tls;
    }

    private static LineConnection open(int port, ClientTls tls, Duration timeout) throws ProbeFailure {
        return LineConnection.open("127.0.0.1", port, tls, CLOCK, CLOCK.instant().plus(timeout), timeout);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "native"})
    void implicitTls_carriesLinesBothWays_acrossManyRecords(String name) throws Exception {
        TestCerts certs = TestCerts.trusted();
        List<String> big = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            big.add("* " + i + " FETCH line of some length to fill more than one TLS record");
        }
        try (FakeServer s = new FakeServer(c -> {
            c.send("* OK ready");
            c.readLine();
            c.send(big.toArray(new String[0]));
            c.send("v1 OK done");
            c.drain();
        }, certs.serverContext());
             ClientTls tls = provider(name, true, certs.caPem);
             LineConnection c = open(s.port(), tls, Duration.ofSeconds(10))) {
            assertEquals("* OK ready", c.readLine("greeting"));
            c.writeLine("v1 FETCH 1:* (FLAGS)", "FETCH");
            for (String line : big) {
                assertEquals(line, c.readLine("reply"));
            }
            assertEquals("v1 OK done", c.readLine("reply"));
            c.writeLine("v2 LOGOUT", "LOGOUT");
            c.close();
            Poll.until(() -> s.received.contains("v2 LOGOUT"), Duration.ofSeconds(10), "the server to read LOGOUT");
            assertEquals("v1 FETCH 1:* (FLAGS)", s.received.get(0));
        }
    }

    /**
     * An OpenSSL-family server (BoringSSL here, as nginx and Dovecot use OpenSSL) sends its session tickets right
     * after the handshake; the client must not wait for more once its engine says the handshake is done.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdk", "native"})
    void boringSslServer_withSessionTickets_handshakesAndCarriesLines(String name) throws Exception {
        TestCerts certs = TestCerts.trusted();
        SslContext server = certs.boringSslServer();
        try (ServerSocket listen = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             ClientTls tls = provider(name, true, certs.caPem)) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < 2; i++) {
                    try (Socket s = listen.accept()) {
                        s.setSoTimeout(10_000);
                        EngineStreams streams = new EngineStreams(s, server.newEngine(CheckBuffers.ALLOCATOR),
                                new EngineBuffers.Slot());
                        streams.handshake();
                        streams.out().write("* OK ready\r\n".getBytes(StandardCharsets.US_ASCII));
                        streams.out().flush();
                        streams.in().read(new byte[64]);
                        streams.close();
                    } catch (IOException e) {
                        return; // the client's side is what the test looks at
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            for (int i = 0; i < 2; i++) { // a full handshake, then one the client may resume
                try (LineConnection c = open(listen.getLocalPort(), tls, Duration.ofSeconds(5))) {
                    assertEquals("* OK ready", c.readLine("greeting"));
                    c.writeLine("v1 LOGOUT", "LOGOUT");
                }
            }
        } finally {
            ReferenceCountUtil.release(server);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "native"})
    void untrustedCertificate_failsTheHandshake(String name) throws Exception {
        try (FakeServer s = new FakeServer(c -> c.send("* OK ready"), TestCerts.other().serverContext());
             ClientTls tls = provider(name, true, TestCerts.trusted().caPem)) {
            ProbeFailure f = assertThrows(ProbeFailure.class, () -> open(s.port(), tls, Duration.ofSeconds(10)));
            assertTrue(f.getMessage().startsWith("TLS handshake failed: "), f.getMessage());
        }
    }

    /**
     * The remembered verdict ({@link RememberedTrust}) is for the chain that earned it: on the same host, after a
     * trusted server's handshakes, a server with another certificate is refused, and the trusted one is accepted
     * again after that.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdk", "native"})
    void afterTrustedHandshakes_anotherCertificateOnTheSameHost_isStillRefused(String name) throws Exception {
        try (FakeServer good = new FakeServer(c -> {
            c.send("* OK ready");
            c.drain();
        }, TestCerts.trusted().serverContext());
             FakeServer bad = new FakeServer(c -> c.send("* OK ready"), TestCerts.other().serverContext());
             ClientTls tls = provider(name, true, TestCerts.trusted().caPem)) {
            for (int i = 0; i < 2; i++) {
                try (LineConnection c = open(good.port(), tls, Duration.ofSeconds(10))) {
                    assertEquals("* OK ready", c.readLine("greeting"));
                }
            }
            ProbeFailure f = assertThrows(ProbeFailure.class, () -> open(bad.port(), tls, Duration.ofSeconds(10)));
            assertTrue(f.getMessage().startsWith("TLS handshake failed: "), f.getMessage());
            try (LineConnection c = open(good.port(), tls, Duration.ofSeconds(10))) {
                assertEquals("* OK ready", c.readLine("greeting"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "native"})
    void verifyOff_acceptsAnyCertificate(String name) throws Exception {
        try (FakeServer s = new FakeServer(c -> {
            c.send("* OK ready");
            c.drain();
        }, TestCerts.other().serverContext());
             ClientTls tls = provider(name, false, null);
             LineConnection c = open(s.port(), tls, Duration.ofSeconds(10))) {
            assertEquals("* OK ready", c.readLine("greeting"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "native"})
    void silentServer_failsAtTheDeadline_notLater(String name) throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             ClientTls tls = provider(name, true, TestCerts.trusted().caPem)) {
            long t0 = System.nanoTime();
            ProbeFailure f = assertThrows(ProbeFailure.class, () -> open(silent.getLocalPort(), tls,
                    Duration.ofMillis(300)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("TLS handshake not finished within 300ms", f.getMessage());
            assertTrue(ms >= 290, "gave up after " + ms + " ms, before its deadline");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "native"})
    void serverClosingInTheHandshake_isNamed(String name) throws Exception {
        try (ServerSocket closing = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             ClientTls tls = provider(name, true, TestCerts.trusted().caPem)) {
            Thread t = new Thread(() -> {
                try (Socket s = closing.accept()) {
                    s.getInputStream().read(new byte[512]);
                } catch (IOException e) {
                    // the test looks at the client's side
                }
            });
            t.start();
            ProbeFailure f = assertThrows(ProbeFailure.class, () -> open(closing.getLocalPort(), tls,
                    Duration.ofSeconds(10)));
            t.join();
            assertTrue(f.getMessage().startsWith("connection closed while in TLS handshake")
                    || f.getMessage().startsWith("TLS handshake failed: ")
                    || f.getMessage().startsWith("connection reset while"), f.getMessage());
        }
    }

    @Test
    void theNativeProviderIsTheDefault_andTheJdkOneCanBeChosen() throws Exception {
        try (ClientTls tls = ClientTls.create(true, null)) {
            assertEquals("BoringSSL", tls.provider());
        }
        System.setProperty(ClientTls.PROVIDER_PROPERTY, "jdk");
        try (ClientTls tls = ClientTls.create(true, null)) {
            assertEquals("JDK", tls.provider());
        } finally {
            System.clearProperty(ClientTls.PROVIDER_PROPERTY);
        }
    }
}
