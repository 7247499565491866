package org.vrrpd.daemon.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.config.MetricsConfig;
import org.vrrpd.status.StatusSource;

/**
 * The metrics listener the daemon runs now, and how a reload moves it: the new address is bound before the old
 * server stops, so a port that cannot be bound refuses the reload and the old server goes on serving. Used from
 * the start-up and reload threads, one at a time.
 */
public final class MetricsEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    private final StatusSource source;
    private final CheckLatencyHistograms histograms;
    private final Supplier<MetricsRenderer.Extra> extra;
    private MetricsServer server;
    private InetSocketAddress listen;

    public MetricsEndpoint(StatusSource source, CheckLatencyHistograms histograms,
                           Supplier<MetricsRenderer.Extra> extra) {
        this.source = source;
        this.histograms = histograms;
        this.extra = extra;
    }

    /** Starts serving {@code config} (nothing when empty); throws when the address cannot be bound. */
    public synchronized void start(Optional<MetricsConfig> config) throws IOException {
        if (config.isPresent()) {
            server = MetricsServer.start(config.get(), source, histograms, extra);
            listen = config.get().listen();
        }
    }

    /**
     * Moves the listener to {@code next}: a new address is bound first and only then the old server stopped; when
     * the new address is the old port on another local address (which the kernel refuses while the old one
     * listens), the old server stops first and is started again if the new bind fails. Returns whether anything
     * changed.
     *
     * @throws IOException the new address cannot be bound; the old server still serves
     */
    public synchronized boolean move(Optional<MetricsConfig> next) throws IOException {
        Optional<InetSocketAddress> to = next.map(MetricsConfig::listen);
        if (to.equals(Optional.ofNullable(listen))) {
            return false; // allow_remote alone: the loader already checked it against the address
        }
        if (to.isEmpty()) {
            close();
            LOG.info("metrics listener stopped");
            return true;
        }
        MetricsServer fresh;
        try {
            fresh = MetricsServer.start(next.get(), source, histograms, extra);
        } catch (IOException e) {
            if (server == null || listen.getPort() != to.get().getPort() || to.get().getPort() == 0) {
                throw bindFailure(to.get(), e);
            }
            server.close();
            try {
                fresh = MetricsServer.start(next.get(), source, histograms, extra);
            } catch (IOException again) {
                server = MetricsServer.start(listen, source, histograms, extra);
                throw bindFailure(to.get(), again);
            }
        }
        if (server != null) {
            server.close();
        }
        server = fresh;
        listen = to.get();
        return true;
    }

    private static IOException bindFailure(InetSocketAddress to, IOException e) {
        return new IOException("metrics: cannot listen on " + to.getHostString() + ":" + to.getPort() + ": "
                + e.getMessage(), e);
    }

    /** The bound port, if a listener runs. */
    public synchronized Optional<Integer> port() {
        return Optional.ofNullable(server).map(MetricsServer::port);
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
            listen = null;
        }
    }
}
