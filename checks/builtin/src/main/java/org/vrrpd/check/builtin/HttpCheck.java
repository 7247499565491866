package org.vrrpd.check.builtin;

import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.runtime.IndependentRuns;

/**
 * Probes a URL over HTTP/1.1: GET or HEAD, the status must be in {@code expect_status}, the body must contain
 * {@code expect_body} or match {@code expect_body_regex} (first 1 MiB only). No redirects are followed.
 *
 * <p>The connection is kept alive between runs (one idle connection per check; a run that finds it busy, or
 * closed by the server, opens another), so a healthy https check makes one TLS handshake, not one per run; a
 * kept connection the server closed in the meantime is retried once on a new one. The request and the response
 * are framed by Netty's HTTP codec over the same blocking, deadline-bounded connection as the smtp and imap
 * checks (TLS through {@link ClientTls}); nothing runs on a thread of its own. The TCP connection, SNI and the
 * certificate's host name use the URL's host; {@code host_header} changes only the HTTP {@code Host} header.
 */
public final class HttpCheck implements Check, IndependentRuns {

    private static final int MAX_BODY = 1 << 20;
    private static final int IDLE_KEPT = 1;

    private final HttpConfig config;
    private final String host;
    private final int port;
    private final String target;
    private final String hostHeader;
    private final HttpMethod method;
    private final Set<Integer> expectStatus;
    private final Pattern bodyRegex;
    private final ClientTls tls;
    private final Deque<HttpConnection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    HttpCheck(HttpConfig config) throws CheckConfigException {
        this.config = config;
        if (config.url() == null) {
            throw new CheckConfigException("http check: url is required");
        }
        URI uri;
        try {
            uri = new URI(config.url());
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
        this.method = HttpMethod.valueOf(m);
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
        boolean https = scheme.equals("https");
        String h = uri.getHost();
        this.host = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        this.port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        this.target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        boolean defaultPort = uri.getPort() < 0 || uri.getPort() == (https ? 443 : 80);
        this.hostHeader = config.hostHeader() != null ? config.hostHeader()
                : defaultPort ? h : h + ":" + uri.getPort();
        this.tls = https ? ClientTls.create(config.tlsVerify(), config.caFile()) : null;
    }

    @Override
    public CheckResult run(CheckContext context) {
        Clock clock = context.clock();
        Instant start = clock.instant();
        Instant deadline = context.deadline();
        if (!start.isBefore(deadline)) {
            return CheckResult.down(Duration.ZERO, "no time left before the deadline");
        }
        HttpConnection conn = idle.pollFirst();
        try {
            HttpConnection.Response resp = null;
            if (conn != null) {
                try {
                    resp = conn.exchange(method, target, hostHeader, deadline, MAX_BODY);
                } catch (ProbeFailure f) {
                    // closed or reset before any byte of the answer: the server closed the kept connection while
                    // it was idle, so once more on a new one (anything else is the server's answer)
                    boolean closedWhileIdle = !conn.received() && f.connectionLost()
                            && clock.instant().isBefore(deadline);
                    conn.close();
                    conn = null;
                    if (!closedWhileIdle) {
                        throw f;
                    }
                }
            }
            if (conn == null) {
                conn = HttpConnection.open(host, port, tls, clock, deadline, config.timeout());
                resp = conn.exchange(method, target, hostHeader, deadline, MAX_BODY);
            }
            if (resp.keepAlive() && !closed && idle.size() < IDLE_KEPT) {
                idle.addFirst(conn);
                if (closed) {
                    closeIdle(); // close() ran meanwhile: nothing may stay open after it
                }
            } else {
                conn.close();
            }
            conn = null;
            return judge(resp, Duration.between(start, clock.instant()));
        } catch (ProbeFailure f) {
            return CheckResult.down(Duration.between(start, clock.instant()), f.getMessage());
        } finally {
            if (conn != null) {
                conn.close();
            }
        }
    }

    private void closeIdle() {
        for (HttpConnection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
            c.close();
        }
    }

    private CheckResult judge(HttpConnection.Response resp, Duration latency) {
        int status = resp.status();
        Map<String, String> detail = Map.of("status", Integer.toString(status));
        if (!expectStatus.contains(status)) {
            return CheckResult.down(latency, "status " + status + ", expected "
                    + (expectStatus.size() == 1 ? expectStatus.iterator().next() : expectStatus)).withDetail(detail);
        }
        if (config.expectBody() != null && !resp.body().contains(config.expectBody())) {
            return CheckResult.down(latency, "body does not contain '" + config.expectBody() + "'").withDetail(detail);
        }
        if (bodyRegex != null && !bodyRegex.matcher(resp.body()).find()) {
            return CheckResult.down(latency, "body does not match /" + bodyRegex.pattern() + "/").withDetail(detail);
        }
        return CheckResult.up(latency, "status " + status).withDetail(detail);
    }

    /** Closes the kept connection and frees the TLS context. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
        if (tls != null) {
            tls.close();
        }
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
