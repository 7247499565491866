package org.vrrpd.check.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.check.api.CheckResult;

class ImapCheckTest {

    @TempDir
    Path tmp;

    private Path password(String text, String mode) throws Exception {
        Path f = tmp.resolve("pw-" + mode);
        Files.writeString(f, text + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private CheckResult probe(FakeServer server, Map<String, Object> extra) throws Exception {
        Map<String, Object> yaml = new HashMap<>(Map.of("host", "127.0.0.1", "port", server.port()));
        yaml.putAll(extra);
        ImapConfig config = Configs.bind(yaml, ImapConfig.class);
        config.setTimeout(Duration.ofSeconds(10)); // generous: TLS handshakes on a loaded CI machine
        return new ImapCheck.Factory().create(config).run(new FakeContext(config.timeout()));
    }

    /** Answers every tagged command with OK, LOGIN with {@code loginReply}. */
    private static FakeServer.Handler server(String loginReply) {
        return c -> {
            c.send("* OK [CAPABILITY IMAP4rev1] Dovecot ready.");
            commands(c, loginReply);
        };
    }

    private static void commands(FakeServer.Conn c, String loginReply) throws Exception {
        {
            String line;
            while ((line = c.readLine()) != null) {
                String[] p = line.split(" ", 3);
                if (p.length < 2) {
                    continue;
                }
                String tag = p[0];
                switch (p[1]) {
                    case "LOGIN":
                        c.send(tag + " " + loginReply);
                        break;
                    case "SELECT":
                        c.send("* 3 EXISTS", tag + " OK [READ-WRITE] Select completed.");
                        break;
                    case "LOGOUT":
                        c.send("* BYE Logging out", tag + " OK Logout completed.");
                        return;
                    default:
                        c.send(tag + " BAD Error in IMAP command " + p[1]);
                }
            }
        }
    }

    @Test
    void login_select_logout_shouldBeUp() throws Exception {
        try (FakeServer s = new FakeServer(server("OK Logged in"))) {
            CheckResult r = probe(s, Map.of("user", "probe", "password_file", password("s3cr\"t", "rw-------").toString(),
                    "mailbox", "INBOX"));
            assertTrue(r.up(), r.message());
            assertEquals(List.of("v1 LOGIN \"probe\" \"s3cr\\\"t\"", "v2 SELECT \"INBOX\"", "v3 LOGOUT"), s.received);
        }
    }

    @Test
    void badLogin_shouldBeDown_withTheServersText() throws Exception {
        try (FakeServer s = new FakeServer(server("NO [AUTHENTICATIONFAILED] Authentication failed."))) {
            CheckResult r = probe(s, Map.of("user", "probe", "password_file", password("x", "rw-------").toString()));
            assertFalse(r.up());
            assertEquals("LOGIN failed: NO [AUTHENTICATIONFAILED] Authentication failed.", r.message());
        }
    }

    @Test
    void badResponse_shouldBeDown_withTheServersText() throws Exception {
        try (FakeServer s = new FakeServer(server("BAD Error in IMAP command LOGIN"))) {
            CheckResult r = probe(s, Map.of("user", "probe", "password_file", password("x", "rw-------").toString()));
            assertEquals("LOGIN failed: BAD Error in IMAP command LOGIN", r.message());
        }
    }

    @Test
    void passwordFileReadableByGroup_shouldBeDown_withTheReason() throws Exception {
        try (FakeServer s = new FakeServer(server("OK"))) {
            Path pw = password("x", "rw-r-----");
            CheckResult r = probe(s, Map.of("user", "probe", "password_file", pw.toString()));
            assertFalse(r.up());
            assertEquals("secret file " + pw + " has mode 0640; it must not be accessible by group or others (chmod 600 "
                    + pw + ")", r.message());
        }
    }

    @Test
    void authenticatePlain_shouldSendSaslPlain() throws Exception {
        try (FakeServer s = new FakeServer(c -> {
            c.send("* OK ready");
            String auth = c.readLine();
            c.send("+ ");
            String resp = c.readLine();
            String decoded = new String(Base64.getDecoder().decode(resp), StandardCharsets.UTF_8);
            c.send(auth.split(" ")[0] + (decoded.equals("\0probe\0pw") ? " OK done" : " NO wrong"));
            c.drain();
        })) {
            CheckResult r = probe(s, Map.of("user", "probe", "auth", "plain",
                    "password_file", password("pw", "r--------").toString()));
            assertTrue(r.up(), r.message());
            assertEquals("v1 AUTHENTICATE PLAIN", s.received.get(0));
        }
    }

    @Test
    void byeGreeting_shouldBeDown() throws Exception {
        try (FakeServer s = new FakeServer(c -> c.send("* BYE too many connections"))) {
            assertEquals("greeting * BYE too many connections", probe(s, Map.of()).message());
        }
    }

    @Test
    void starttlsNotInCapability_shouldBeDown() throws Exception {
        try (FakeServer s = new FakeServer(c -> {
            c.send("* OK ready");
            String cap = c.readLine();
            c.send("* CAPABILITY IMAP4rev1 AUTH=PLAIN", cap.split(" ")[0] + " OK done");
            c.drain();
        })) {
            CheckResult r = probe(s, Map.of("tls", "starttls", "ca_file", TestCerts.trusted().caPem.toString()));
            assertEquals("server does not offer STARTTLS", r.message());
        }
    }

    @Test
    void starttls_shouldUpgrade_thenLogin() throws Exception {
        TestCerts certs = TestCerts.trusted();
        try (FakeServer s = new FakeServer(c -> {
            c.send("* OK ready");
            String cap = c.readLine();
            c.send("* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED", cap.split(" ")[0] + " OK done");
            String st = c.readLine();
            c.send(st.split(" ")[0] + " OK Begin TLS negotiation now.");
            c.startTls(certs.serverContext());
            commands(c, "OK Logged in");
        })) {
            CheckResult r = probe(s, Map.of("tls", "starttls", "ca_file", certs.caPem.toString(), "user", "probe",
                    "password_file", password("pw", "rw-------").toString()));
            assertTrue(r.up(), r.message());
            assertEquals("v3 LOGIN \"probe\" \"pw\"", s.received.get(2));
        }
    }

    @Test
    void implicitTls_withUntrustedCertificate_shouldBeDown() throws Exception {
        try (FakeServer s = new FakeServer(c -> c.send("* OK ready"), TestCerts.other().serverContext())) {
            CheckResult r = probe(s, Map.of("tls", "implicit", "ca_file", TestCerts.trusted().caPem.toString()));
            assertTrue(r.message().startsWith("TLS handshake failed: "), r.message());
        }
    }
}
