package org.vrrpd.daemon.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.config.MetricsConfig;
import org.vrrpd.control.Caller;
import org.vrrpd.control.ControlProtocol;
import org.vrrpd.daemon.DaemonControl;
import org.vrrpd.daemon.notify.NotifyDispatcher;

/**
 * The {@code global.metrics.listen} endpoint: {@code GET /metrics} in Prometheus text format, served by the
 * JDK's HTTP server on its own single thread. Each scrape asks the {@link Source} for snapshots, which the
 * daemon takes on the protocol thread; the protocol thread never waits on a scrape. The configuration loader
 * already refuses a non-loopback address without {@code allow_remote}; this class binds what it is given.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Where scrapes get their data. */
    public interface Source {
        /** The status document (as {@code vrrpctl status --json}). */
        JsonNode status() throws Exception;

        /** The checks document (as {@code vrrpctl checks --json}); {@code {"checks":[]}} with no checks. */
        JsonNode checks() throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * The endpoint of a running daemon: snapshots come from its control service ({@code status} is built on
     * the protocol thread, {@code checks} from the check runtime), notify counters from the dispatcher.
     */
    public static MetricsServer forDaemon(MetricsConfig config, DaemonControl control,
                                          CheckLatencyHistograms histograms, NotifyDispatcher notify)
            throws IOException {
        Caller self = new Caller((int) ProcessHandle.current().pid(), 0, new int[0]);
        ObjectNode noArgs = ControlProtocol.JSON.createObjectNode();
        Source source = new Source() {
            @Override
            public JsonNode status() throws Exception {
                return control.handle("status", noArgs, self).toCompletableFuture().get(5, TimeUnit.SECONDS);
            }

            @Override
            public JsonNode checks() throws Exception {
                return control.handle("checks", noArgs, self).toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
        };
        return start(config, source, histograms, () -> new MetricsRenderer.Extra(notify.droppedEvents(),
                notify.droppedFifoLines(), notify.scriptFailures()));
    }

    public static MetricsServer start(MetricsConfig config, Source source, CheckLatencyHistograms histograms,
                                      Supplier<MetricsRenderer.Extra> extra) throws IOException {
        return start(config.listen(), source, histograms, extra);
    }

    public static MetricsServer start(InetSocketAddress listen, Source source, CheckLatencyHistograms histograms,
                                      Supplier<MetricsRenderer.Extra> extra) throws IOException {
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

    private static void handle(HttpExchange ex, Source source, CheckLatencyHistograms histograms,
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
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : b.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
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
