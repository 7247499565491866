package org.vrrpd.check.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.net.ssl.SSLException;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.runtime.IndependentRuns;

/**
 * Probes a URL with the JDK's HttpClient: GET or HEAD, the status must be in {@code expect_status}, the body must
 * contain {@code expect_body} or match {@code expect_body_regex} (first 1 MiB only).
 *
 * <p><b>Host header.</b> The JDK refuses to let callers set {@code Host} unless the system property
 * {@code jdk.httpclient.allowRestrictedHeaders} lists {@code host}, and it reads that property once, when its
 * HTTP internals are first initialised. This class adds {@code host} to the property in its static initialiser,
 * which runs before any of our HttpClients exist; if some other code in the JVM used HttpClient first, the
 * daemon must be started with {@code -Djdk.httpclient.allowRestrictedHeaders=host} instead (the check then
 * reports that the Host header was rejected). The TCP connection, SNI and certificate host-name check all use
 * the URL's host; only the HTTP {@code Host} header changes.
 */
public final class HttpCheck implements Check, IndependentRuns {

    static final String RESTRICTED = "jdk.httpclient.allowRestrictedHeaders";
    private static final int MAX_BODY = 1 << 20;

    static {
        String v = System.getProperty(RESTRICTED);
        if (v == null || v.isBlank()) {
            System.setProperty(RESTRICTED, "host");
        } else if (!(("," + v.replace(" ", "").toLowerCase(Locale.ROOT) + ",").contains(",host,"))) {
            System.setProperty(RESTRICTED, v + ",host");
        }
    }

    private final HttpConfig config;
    private final URI uri;
    private final Set<Integer> expectStatus;
    private final Pattern bodyRegex;
    private final HttpClient client;

    HttpCheck(HttpConfig config) throws CheckConfigException {
        this.config = config;
        if (config.url() == null) {
            throw new CheckConfigException("http check: url is required");
        }
        try {
            this.uri = new URI(config.url());
        } catch (URISyntaxException e) {
            throw new CheckConfigException("http check: bad url '" + config.url() + "': " + e.getMessage());
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new CheckConfigException("http check: url must be http://host... or https://host..., got '"
                    + config.url() + "'");
        }
        String m = config.method().toUpperCase(Locale.ROOT);
        if (!m.equals("GET") && !m.equals("HEAD")) {
            throw new CheckConfigException("http check: method must be GET or HEAD, got '" + config.method() + "'");
        }
        if (config.expectStatus() == null || config.expectStatus().isEmpty()) {
            throw new CheckConfigException("http check: expect_status must list at least one status");
        }
        this.expectStatus = new TreeSet<>(config.expectStatus());
        if (config.expectBody() != null && config.expectBodyRegex() != null) {
            throw new CheckConfigException("http check: set expect_body or expect_body_regex, not both");
        }
        try {
            this.bodyRegex = config.expectBodyRegex() == null ? null : Pattern.compile(config.expectBodyRegex());
        } catch (PatternSyntaxException e) {
            throw new CheckConfigException("http check: expect_body_regex is not a valid regex: " + e.getDescription());
        }
        HttpClient.Builder b = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.timeout());
        if (scheme.equals("https")) {
            b.sslContext(TlsContexts.create(config.tlsVerify(), config.caFile()));
        }
        this.client = b.build();
    }

    @Override
    public CheckResult run(CheckContext context) throws InterruptedException {
        Clock clock = context.clock();
        Instant start = clock.instant();
        Duration remaining = Duration.between(start, context.deadline());
        if (remaining.isNegative() || remaining.isZero()) {
            return CheckResult.down(Duration.ZERO, "no time left before the deadline");
        }
        boolean head = config.method().equalsIgnoreCase("HEAD");
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(remaining)
                .method(head ? "HEAD" : "GET", HttpRequest.BodyPublishers.noBody())
                .header("User-Agent", "vrrpd-check");
        try {
            if (config.hostHeader() != null) {
                rb.setHeader("Host", config.hostHeader());
            }
        } catch (IllegalArgumentException e) {
            return CheckResult.down(Duration.ZERO, "Host header rejected by the JDK (start the daemon with -D"
                    + RESTRICTED + "=host): " + e.getMessage());
        }
        try {
            HttpResponse<InputStream> resp = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = resp.body()) {
                body = head ? "" : new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
            }
            Duration latency = Duration.between(start, clock.instant());
            Map<String, String> detail = Map.of("status", Integer.toString(resp.statusCode()));
            if (!expectStatus.contains(resp.statusCode())) {
                return CheckResult.down(latency, "status " + resp.statusCode() + ", expected "
                        + (expectStatus.size() == 1 ? expectStatus.iterator().next() : expectStatus)).withDetail(detail);
            }
            if (config.expectBody() != null && !body.contains(config.expectBody())) {
                return CheckResult.down(latency, "body does not contain '" + config.expectBody() + "'")
                        .withDetail(detail);
            }
            if (bodyRegex != null && !bodyRegex.matcher(body).find()) {
                return CheckResult.down(latency, "body does not match /" + bodyRegex.pattern() + "/")
                        .withDetail(detail);
            }
            return CheckResult.up(latency, "status " + resp.statusCode()).withDetail(detail);
        } catch (IOException e) {
            return CheckResult.down(Duration.between(start, clock.instant()), describe(e));
        }
    }

    private String describe(IOException e) {
        String t = LineConnection.human(config.timeout());
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out after " + t;
        }
        if (e instanceof HttpTimeoutException) {
            return "no response within " + t;
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return "connection refused";
            }
            if (c instanceof SSLException) {
                return "TLS handshake failed: " + c.getMessage();
            }
        }
        String m = e.getMessage();
        if (m != null && m.toLowerCase(Locale.ROOT).contains("reset")) {
            return "connection reset";
        }
        return "request failed: " + e;
    }

    /** Registers {@code type: http}. */
    public static final class Factory implements CheckFactory<HttpConfig> {
        @Override
        public String type() {
            return "http";
        }

        @Override
        public Class<HttpConfig> configClass() {
            return HttpConfig.class;
        }

        @Override
        public Check create(HttpConfig config) throws CheckConfigException {
            return new HttpCheck(config);
        }
    }
}
