package org.vrrpd.check.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What one run of a check saw: up or down, how long it took, a one-line human message, and optional
 * key/value detail (for example the server's banner, or the HTTP status) shown by {@code vrrpctl checks}.
 */
public record CheckResult(boolean up, Duration latency, String message, Map<String, String> detail) {

    public CheckResult {
        Objects.requireNonNull(latency, "latency");
        message = message == null ? "" : message;
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }

    public static CheckResult up(Duration latency, String message) {
        return new CheckResult(true, latency, message, Map.of());
    }

    public static CheckResult down(Duration latency, String message) {
        return new CheckResult(false, latency, message, Map.of());
    }

    public CheckResult withDetail(Map<String, String> moreDetail) {
        return new CheckResult(up, latency, message, moreDetail);
    }
}
