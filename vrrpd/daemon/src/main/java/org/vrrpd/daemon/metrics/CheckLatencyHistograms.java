package org.vrrpd.daemon.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.vrrpd.check.runtime.CheckListener;

/**
 * Per-check latency histograms, fed by the check runtime through {@link #observe} after every run (any
 * thread) — most simply by wrapping an instance's {@link CheckListener} with {@link #observing} — and read by
 * the metrics endpoint. With no check runtime attached the family is simply empty.
 * Buckets (seconds) suit service checks: from 5 ms to a 10 s timeout.
 */
public final class CheckLatencyHistograms {

    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** One check's histogram: cumulative bucket counts, sum and count. */
    record Snapshot(long[] buckets, double sum, long count) {
    }

    private static final class Histogram {
        final long[] buckets = new long[BUCKETS.length];
        double sum;
        long count;
    }

    private final Map<String, Map<String, Histogram>> byInstance = new TreeMap<>();

    /** Records one run of {@code check} of {@code instance} that took {@code latency}. */
    public synchronized void observe(String instance, String check, Duration latency) {
        double s = latency.toNanos() / 1e9;
        Histogram h = byInstance.computeIfAbsent(instance, i -> new TreeMap<>()).computeIfAbsent(check,
                c -> new Histogram());
        for (int i = 0; i < BUCKETS.length; i++) {
            if (s <= BUCKETS[i]) {
                h.buckets[i]++;
            }
        }
        h.sum += s;
        h.count++;
    }

    /**
     * Wraps the listener given to an instance's {@code CheckScheduler}: every finished run (a new
     * {@code lastRun}; "skipped, still in flight" calls are not counted twice) is observed, then everything is
     * passed on to {@code delegate} unchanged.
     */
    public CheckListener observing(String instance, CheckListener delegate) {
        Map<String, Instant> seen = new HashMap<>(); // the scheduler calls one at a time
        return status -> {
            if (status.lastResult() != null && status.lastRun() != null
                    && !status.lastRun().equals(seen.put(status.name(), status.lastRun()))) {
                observe(instance, status.name(), status.lastResult().latency());
            }
            delegate.checkRan(status);
        };
    }

    /** Forgets an instance's checks (removed on reload). */
    public synchronized void forget(String instance) {
        byInstance.remove(instance);
    }

    synchronized Map<String, Map<String, Snapshot>> snapshot() {
        Map<String, Map<String, Snapshot>> out = new TreeMap<>();
        byInstance.forEach((inst, checks) -> {
            Map<String, Snapshot> m = new TreeMap<>();
            checks.forEach((c, h) -> m.put(c, new Snapshot(h.buckets.clone(), h.sum, h.count)));
            out.put(inst, m);
        });
        return out;
    }
}
