package org.vrrpd.check.builtin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckResult;

/**
 * A refused connection is a failure at once: smtp, imap, http and tcp return on ECONNREFUSED (a closed loopback
 * port) long before their 5 s timeout, naming the refusal.
 */
class RefusedConnectionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Far under the timeout; a refused loopback connect takes well under a millisecond. */
    private static final long AT_ONCE_MILLIS = 500;

    @TempDir
    Path tmp;

    /** A loopback port nothing listens on (bound, then closed). */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void assertRefusedAtOnce(Check check) throws Exception {
        long t0 = System.nanoTime();
        CheckResult r = check.run(new FakeContext(TIMEOUT));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(r.up(), r.message());
        assertTrue(r.message().contains("refused"), r.message());
        assertTrue(millis < AT_ONCE_MILLIS, "took " + millis + " ms against a " + TIMEOUT + " timeout");
    }

    private static Map<String, Object> yaml(Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("timeout", "5s"));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void tcp_shouldFailAtOnce_onARefusedConnection() throws Exception {
        TcpConfig c = Configs.bind(yaml("host", "127.0.0.1", "port", closedPort()), TcpConfig.class);
        assertRefusedAtOnce(new TcpCheck.Factory().create(c));
    }

    @Test
    void smtp_shouldFailAtOnce_onARefusedConnection() throws Exception {
        SmtpConfig c = Configs.bind(yaml("host", "127.0.0.1", "port", closedPort()), SmtpConfig.class);
        assertRefusedAtOnce(new SmtpCheck.Factory().create(c));
    }

    @Test
    void imap_shouldFailAtOnce_onARefusedConnection() throws Exception {
        Path pw = tmp.resolve("pw");
        Files.writeString(pw, "x\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        ImapConfig c = Configs.bind(yaml("host", "127.0.0.1", "port", closedPort(), "user", "probe",
                "password_file", pw.toString()), ImapConfig.class);
        assertRefusedAtOnce(new ImapCheck.Factory().create(c));
    }

    @Test
    void http_shouldFailAtOnce_onARefusedConnection() throws Exception {
        HttpConfig c = Configs.bind(yaml("url", "http://127.0.0.1:" + closedPort() + "/health"), HttpConfig.class);
        assertRefusedAtOnce(new HttpCheck.Factory().create(c));
    }
}
