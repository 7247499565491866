package org.vrrpd.check.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/**
 * A check's TLS session is resumed on its next run when the server allows it (the imap 993 and smtp STARTTLS
 * checks then skip the certificate exchange and its verification): against a BoringSSL server with TLS 1.3
 * session tickets, as Dovecot and Postfix (OpenSSL) send them, the first run's handshake is full and every later
 * one a resumption. The server engine says which (Netty's {@code isSessionReused}, read reflectively: a Netty that
 * renames it fails this test rather than passing it).
 */
class TlsResumptionTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final int RUNS = 4;

    @Test
    void theNativeProvider_resumesItsSession_fromTheSecondRunOn() throws Exception {
        TestCerts certs = TestCerts.trusted();
        SslContext server = certs.boringSslServer();
        List<String> handshakes = new CopyOnWriteArrayList<>();
        try (ServerSocket listen = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             ClientTls tls = ClientTls.create(true, certs.caPem)) {
            assertEquals("BoringSSL", tls.provider());
            Thread t = new Thread(() -> serve(listen, server, handshakes));
            t.setDaemon(true);
            t.start();
            for (int i = 0; i < RUNS; i++) {
                try (LineConnection c = LineConnection.open("127.0.0.1", listen.getLocalPort(), tls, CLOCK,
                        CLOCK.instant().plus(Duration.ofSeconds(5)), Duration.ofSeconds(5))) {
                    assertEquals("* OK ready", c.readLine("greeting"));
                    c.writeLine("v1 LOGOUT", "LOGOUT");
                }
            }
            t.join(5_000);
        } finally {
            ReferenceCountUtil.release(server);
        }
        assertEquals(List.of("TLSv1.3 full", "TLSv1.3 resumed", "TLSv1.3 resumed", "TLSv1.3 resumed"), handshakes);
    }

    private static void serve(ServerSocket listen, SslContext server, List<String> handshakes) {
        for (int i = 0; i < RUNS; i++) {
            try (Socket s = listen.accept()) {
                s.setSoTimeout(10_000);
                SSLEngine engine = server.newEngine(CheckBuffers.ALLOCATOR);
                EngineStreams streams = new EngineStreams(s, engine, new EngineBuffers.Slot());
                streams.handshake();
                handshakes.add(engine.getSession().getProtocol() + (reused(engine) ? " resumed" : " full"));
                streams.out().write("* OK ready\r\n".getBytes(StandardCharsets.US_ASCII));
                streams.out().flush();
                streams.in().read(new byte[64]);
                streams.close();
            } catch (Exception e) {
                handshakes.add("server: " + e);
                return;
            }
        }
    }

    private static boolean reused(SSLEngine engine) throws ReflectiveOperationException {
        for (Class<?> k = engine.getClass(); k != null; k = k.getSuperclass()) {
            try {
                Method m = k.getDeclaredMethod("isSessionReused");
                m.setAccessible(true);
                return (Boolean) m.invoke(engine);
            } catch (NoSuchMethodException e) {
                // declared further up
            }
        }
        throw new NoSuchMethodException("isSessionReused on " + engine.getClass());
    }
}
