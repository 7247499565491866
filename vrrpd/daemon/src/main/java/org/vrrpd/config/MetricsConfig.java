package org.vrrpd.config;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where the Prometheus-style metrics endpoint listens. Present only when the operator sets
 * {@code metrics.listen}; the loader rejects a non-loopback address unless {@code allow_remote: true}.
 */
public record MetricsConfig(InetSocketAddress listen, boolean allowRemote) {

    public MetricsConfig {
        Objects.requireNonNull(listen, "listen");
    }
}
