package org.vrrpd.check.builtin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.runtime.IndependentRuns;

/**
 * Probes an SMTP server the way a sending MTA would see it: connect (TLS first for implicit TLS), read the
 * possibly multi-line banner and require 220, optionally EHLO, for STARTTLS require the capability, upgrade and
 * EHLO again, then QUIT. A 421 or 554 banner, a banner slower than the timeout, a refused or reset connection
 * and a failed handshake are all failures with the reason in the message.
 */
public final class SmtpCheck implements Check, IndependentRuns {

    /** The default EHLO name when STARTTLS needs an EHLO and none was configured. */
    static final String DEFAULT_EHLO = "vrrpd.invalid";

    private final SmtpConfig config;
    private final Pattern expectBanner;
    private final ClientTls tls;

    SmtpCheck(SmtpConfig config) throws CheckConfigException {
        this.config = config;
        try {
            this.expectBanner = config.expectBanner() == null ? null : Pattern.compile(config.expectBanner());
        } catch (PatternSyntaxException e) {
            throw new CheckConfigException("expect_banner is not a valid regex: " + e.getDescription());
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
            Reply banner = Reply.read(c, "banner");
            if (banner.code() != 220) {
                return down(start, clock, "banner " + banner.firstLine(), banner);
            }
            if (expectBanner != null && !expectBanner.matcher(banner.text()).find()) {
                return down(start, clock, "banner does not match /" + expectBanner.pattern() + "/: "
                        + banner.firstLine(), banner);
            }
            String note = "";
            if (config.ehlo() != null || config.tls() == TlsMode.STARTTLS) {
                String name = config.ehlo() != null ? config.ehlo() : DEFAULT_EHLO;
                Reply ehlo = command(c, "EHLO " + name, "EHLO");
                if (ehlo.code() != 250) {
                    return down(start, clock, "EHLO rejected: " + ehlo.firstLine(), banner);
                }
                if (config.tls() == TlsMode.STARTTLS) {
                    if (!ehlo.hasKeyword("STARTTLS")) {
                        return down(start, clock, "server does not offer STARTTLS", banner);
                    }
                    Reply st = command(c, "STARTTLS", "STARTTLS");
                    if (st.code() != 220) {
                        return down(start, clock, "STARTTLS rejected: " + st.firstLine(), banner);
                    }
                    c.startTls(tls);
                    Reply again = command(c, "EHLO " + name, "EHLO after STARTTLS");
                    if (again.code() != 250) {
                        return down(start, clock, "EHLO after STARTTLS rejected: " + again.firstLine(), banner);
                    }
                    note = ", STARTTLS ok";
                }
            }
            quit(c);
            return CheckResult.up(Duration.between(start, clock.instant()), "banner " + banner.firstLine() + note)
                    .withDetail(Map.of("banner", banner.text()));
        } catch (ProbeFailure f) {
            return CheckResult.down(Duration.between(start, clock.instant()), f.getMessage());
        }
    }

    private static Reply command(LineConnection c, String line, String what) throws ProbeFailure {
        c.writeLine(line, what);
        return Reply.read(c, "reply to " + what);
    }

    private static void quit(LineConnection c) {
        try {
            command(c, "QUIT", "QUIT");
        } catch (ProbeFailure e) {
            // the service answered everything we asked; a server that drops QUIT is still up
        }
    }

    private static CheckResult down(Instant start, Clock clock, String message, Reply banner) {
        return CheckResult.down(Duration.between(start, clock.instant()), message)
                .withDetail(Map.of("banner", banner.text()));
    }

    /** An SMTP reply: a code and its lines' text ({@code 250-PIPELINING} continues, {@code 250 OK} ends). */
    record Reply(int code, List<String> lines) {

        static Reply read(LineConnection c, String what) throws ProbeFailure {
            List<String> lines = new ArrayList<>();
            int code = -1;
            while (true) {
                String line = c.readLine(what);
                if (line.length() < 3 || !isCode(line)) {
                    throw new ProbeFailure("malformed " + what + ": " + abbreviate(line));
                }
                int thisCode = Integer.parseInt(line.substring(0, 3));
                if (code >= 0 && thisCode != code) {
                    throw new ProbeFailure("malformed " + what + ": code changed from " + code + " to " + thisCode);
                }
                code = thisCode;
                boolean more = line.length() > 3 && line.charAt(3) == '-';
                lines.add(line.length() > 4 ? line.substring(4) : "");
                if (!more) {
                    return new Reply(code, lines);
                }
                if (lines.size() > 1000) {
                    throw new ProbeFailure(what + " has more than 1000 lines");
                }
            }
        }

        private static boolean isCode(String line) {
            return Character.isDigit(line.charAt(0)) && Character.isDigit(line.charAt(1))
                    && Character.isDigit(line.charAt(2)) && (line.length() == 3 || line.charAt(3) == ' '
                    || line.charAt(3) == '-');
        }

        String firstLine() {
            return (code + " " + lines.get(0)).strip();
        }

        String text() {
            return String.join("\n", lines);
        }

        boolean hasKeyword(String keyword) {
            for (int i = 1; i < lines.size(); i++) {
                String word = lines.get(i).strip().split("\\s+", 2)[0];
                if (word.toUpperCase(Locale.ROOT).equals(keyword)) {
                    return true;
                }
            }
            return false;
        }
    }

    static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    /** Registers {@code type: smtp}. */
    public static final class Factory implements CheckFactory<SmtpConfig> {
        @Override
        public String type() {
            return "smtp";
        }

        @Override
        public Class<SmtpConfig> configClass() {
            return SmtpConfig.class;
        }

        @Override
        public Check create(SmtpConfig config) throws CheckConfigException {
            return new SmtpCheck(config);
        }
    }
}
