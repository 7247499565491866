package org.vrrpd.check.builtin;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.runtime.IndependentRuns;

/**
 * Probes an IMAP server as a mail client would: connect (TLS first on 993), require an {@code * OK} greeting,
 * optionally upgrade with STARTTLS (which must be in CAPABILITY), log in to a probe account with LOGIN or
 * AUTHENTICATE PLAIN, optionally SELECT a mailbox, LOGOUT. A NO or BAD answer is a failure carrying the server's
 * text. The password is read on every run through {@link CheckContext#readSecret}, which refuses files that are
 * not 0600/0400 and owned by root or the daemon's user.
 */
public final class ImapCheck implements Check, IndependentRuns {

    /** Lines read after LOGOUT at most, looking for its BYE or its tagged OK. */
    private static final int MAX_LOGOUT_LINES = 16;

    private final ImapConfig config;
    private final ClientTls tls;

    ImapCheck(ImapConfig config) throws CheckConfigException {
        this.config = config;
        if (config.user() != null && config.passwordFile() == null) {
            throw new CheckConfigException("imap check: user is set but password_file is not");
        }
        this.tls = config.tls() == TlsMode.NONE ? null : ClientTls.create(config.tlsVerify(), config.caFile());
    }

    /** Frees the TLS context (a native one holds memory outside the heap). */
    @Override
    public void close() {
        if (tls != null) {
            tls.close();
        }
    }

    @Override
    public CheckResult run(CheckContext context) {
        Clock clock = context.clock();
        Instant start = clock.instant();
        try (LineConnection c = LineConnection.open(config.host(), config.port(),
                config.tls() == TlsMode.IMPLICIT ? tls : null, clock, context.deadline(), config.timeout())) {
            String greeting = c.readLine("greeting");
            if (!startsWithIgnoreCase(greeting, "* OK")) {
                return CheckResult.down(elapsed(start, clock), "greeting " + SmtpCheck.abbreviate(greeting));
            }
            String note = "";
            if (config.tls() == TlsMode.STARTTLS) {
                String caps = untaggedAfter(c, "CAPABILITY", "CAPABILITY");
                if (!(" " + caps.toUpperCase(Locale.ROOT) + " ").contains(" STARTTLS ")) {
                    throw new ProbeFailure("server does not offer STARTTLS");
                }
                tagged(c, "STARTTLS", "STARTTLS");
                c.startTls(tls);
                note = ", STARTTLS ok";
            }
            if (config.user() != null) {
                String password;
                try {
                    password = context.readSecret(config.passwordFile());
                } catch (CheckConfigException e) {
                    throw new ProbeFailure(e.getMessage());
                }
                if (config.auth() == ImapConfig.Auth.PLAIN) {
                    authenticatePlain(c, config.user(), password);
                } else {
                    tagged(c, "LOGIN " + quote(config.user()) + " " + quote(password), "LOGIN");
                }
                note += ", logged in as " + config.user();
            }
            if (config.mailbox() != null) {
                tagged(c, "SELECT " + quote(config.mailbox()), "SELECT " + config.mailbox());
                note += ", selected " + config.mailbox();
            }
            logout(c);
            return CheckResult.up(elapsed(start, clock), SmtpCheck.abbreviate(greeting) + note)
                    .withDetail(Map.of("greeting", greeting));
        } catch (ProbeFailure f) {
            return CheckResult.down(elapsed(start, clock), f.getMessage());
        }
    }

    private void authenticatePlain(LineConnection c, String user, String password) throws ProbeFailure {
        String t = c.nextTag("v");
        c.writeLine(t + " AUTHENTICATE PLAIN", "AUTHENTICATE");
        String line = c.readLine("reply to AUTHENTICATE");
        if (!line.startsWith("+")) {
            throw failed("AUTHENTICATE PLAIN", t, line);
        }
        byte[] msg = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
        c.writeLine(Base64.getEncoder().encodeToString(msg), "AUTHENTICATE response");
        awaitTagged(c, t, "AUTHENTICATE PLAIN");
    }

    /** Sends a command and returns the text of its untagged {@code * NAME ...} response. */
    private String untaggedAfter(LineConnection c, String command, String name) throws ProbeFailure {
        String t = c.nextTag("v");
        c.writeLine(t + " " + command, command);
        String found = "";
        while (true) {
            String line = c.readLine("reply to " + command);
            String prefix = "* " + name + " ";
            if (startsWithIgnoreCase(line, prefix)) {
                found = line.substring(prefix.length());
            } else if (line.startsWith(t + " ")) {
                checkOk(command, t, line);
                return found;
            }
        }
    }

    private void tagged(LineConnection c, String command, String what) throws ProbeFailure {
        String t = c.nextTag("v");
        if (command.indexOf('\r') >= 0 || command.indexOf('\n') >= 0) {
            throw new ProbeFailure(what + ": user, password or mailbox contains a line break");
        }
        c.writeLine(t + " " + command, what);
        awaitTagged(c, t, what);
    }

    private static void awaitTagged(LineConnection c, String t, String what) throws ProbeFailure {
        for (int i = 0; i < 10_000; i++) {
            String line = c.readLine("reply to " + what);
            if (line.startsWith(t + " ")) {
                checkOk(what, t, line);
                return;
            }
            if (startsWithIgnoreCase(line, "* BYE")) {
                throw new ProbeFailure(what + " failed: " + SmtpCheck.abbreviate(line.substring(2)));
            }
        }
        throw new ProbeFailure("no tagged reply to " + what + " after 10000 lines");
    }

    private static void checkOk(String what, String t, String line) throws ProbeFailure {
        if (!startsWithIgnoreCase(line.substring(t.length() + 1), "OK")) {
            throw failed(what, t, line);
        }
    }

    private static ProbeFailure failed(String what, String t, String line) {
        String text = line.startsWith(t + " ") ? line.substring(t.length() + 1) : line;
        return new ProbeFailure(what + " failed: " + SmtpCheck.abbreviate(text));
    }

    /**
     * Ends the session: LOGOUT, answered by an untagged BYE and then the tagged OK (RFC 3501 6.1.3). The run is
     * over at whichever comes first, as a failure never is: everything the check asked for has worked by now, and
     * a server that drops LOGOUT is still up.
     */
    private static void logout(LineConnection c) {
        try {
            String t = c.nextTag("v");
            c.writeLine(t + " LOGOUT", "LOGOUT");
            for (int i = 0; i < MAX_LOGOUT_LINES; i++) {
                String line = c.readLine("reply to LOGOUT");
                if (line.startsWith(t + " ") || startsWithIgnoreCase(line, "* BYE")) {
                    return;
                }
            }
        } catch (ProbeFailure e) {
            // closed or silent: nothing more to read
        }
    }

    private static Duration elapsed(Instant start, Clock clock) {
        return Duration.between(start, clock.instant());
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** An IMAP quoted string. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Registers {@code type: imap}. */
    public static final class Factory implements CheckFactory<ImapConfig> {
        @Override
        public String type() {
            return "imap";
        }

        @Override
        public Class<ImapConfig> configClass() {
            return ImapConfig.class;
        }

        @Override
        public Check create(ImapConfig config) throws CheckConfigException {
            return new ImapCheck(config);
        }
    }
}
