package org.vrrpd.daemon.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.config.MetricsConfig;
import org.vrrpd.status.StatusSource;

/**
 * The {@code global.metrics.listen} endpoint: {@code GET /metrics} in Prometheus text format, served by the
 * JDK's HTTP server on its own single thread. Each scrape asks the {@link StatusSource} for snapshots (the
 * daemon's control service takes the status on the protocol thread); the protocol thread never waits on a scrape. The configuration loader
 * already refuses a non-loopback address without {@code allow_remote}; this class binds what it is given.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Seconds a client may take to send its request before the JDK server closes the connection. */
    static final String MAX_REQ_TIME = "10";
    /** Seconds a reply may take to be written before the JDK server closes the connection. */
    static final String MAX_RSP_TIME = "30";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static MetricsServer start(MetricsConfig config, StatusSource source, CheckLatencyHistograms histograms,
                                      Supplier<MetricsRenderer.Extra> extra) throws IOException {
        return start(config.listen(), source, histograms, extra);
    }

    public static MetricsServer start(InetSocketAddress listen, StatusSource source, CheckLatencyHistograms histograms,
                                      Supplier<MetricsRenderer.Extra> extra) throws IOException {
        // The JDK server has no per-server timeouts: without these a client that sends half a request and
        // goes silent holds the single metrics thread and its socket for good. They are JVM-wide properties
        // read once, when the first HttpServer is created (this is the daemon's only one); set only when
        // absent so an operator's -D wins.
        setIfAbsent("sun.net.httpserver.maxReqTime", MAX_REQ_TIME);
        setIfAbsent("sun.net.httpserver.maxRspTime", MAX_RSP_TIME);
        HttpServer server = HttpServer.create(listen, 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vrrpd-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", ex -> {
            try (ex) {
                handle(ex, source, histograms, extra);
            } catch (IOException | RuntimeException e) {
                LOG.debug("metrics request failed: {}", e.toString());
            }
        });
        server.start();
        LOG.info("metrics on http://{}:{}/metrics", listen.getHostString(), server.getAddress().getPort());
        return new MetricsServer(server, executor);
    }

    private static void handle(HttpExchange ex, StatusSource source, CheckLatencyHistograms histograms,
                               Supplier<MetricsRenderer.Extra> extra) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!path.equals("/metrics") && !path.equals("/")) {
            reply(ex, 404, "text/plain; charset=utf-8", "not found; try /metrics\n");
            return;
        }
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            reply(ex, 405, "text/plain; charset=utf-8", "GET only\n");
            return;
        }
        String body;
        try {
            body = MetricsRenderer.render(source.status(), source.checks(), histograms, extra.get());
        } catch (Exception e) {
            reply(ex, 503, "text/plain; charset=utf-8", "snapshot failed: " + e.getMessage() + "\n");
            return;
        }
        reply(ex, 200, CONTENT_TYPE, body);
    }

    private static void reply(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        // One request per connection: the server closes the socket as soon as the reply is written, so no
        // connection lingers in the JDK's keep-alive set waiting for a client that has gone.
        ex.getResponseHeaders().set("Connection", "close");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : b.length);
        if (!head) {
            // Not closed here: if the write fails, closing the body stream first would mark the exchange closed
            // without closing its connection; the caller's close of the exchange closes the connection instead.
            OutputStream out = ex.getResponseBody();
            out.write(b);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
