package org.vrrpd.daemon.instance;

import java.util.Map;
import java.util.TreeMap;
import org.vrrpd.wire.RejectReason;

/**
 * What one instance has seen, for status and metrics. Written on the protocol thread only; read through
 * {@link #snapshot()}, which copies.
 */
public final class InstanceCounters {

    long advertsSent;
    long advertsReceived;
    long priorityZeroSent;
    long priorityZeroReceived;
    long transitions;
    long becameMaster;
    long sendErrors;
    long vipRestored;
    long masterDownExpired;
    private final Map<String, Long> drops = new TreeMap<>();
    private final Map<String, Long> observations = new TreeMap<>();

    void drop(String reason) {
        drops.merge(reason, 1L, Long::sum);
    }

    void observe(String what) {
        observations.merge(what, 1L, Long::sum);
    }

    long drops(String reason) {
        return drops.getOrDefault(reason, 0L);
    }

    /** An immutable copy for readers off the protocol thread. */
    Snapshot snapshot() {
        return snapshot(0);
    }

    /**
     * As {@link #snapshot()}, with the packets the transport's unicast allow-list dropped before the validator saw
     * them counted as {@code unknown_peer} drops.
     */
    Snapshot snapshot(long refusedByTransport) {
        Map<String, Long> all = new TreeMap<>(drops);
        if (refusedByTransport > 0) {
            all.merge(RejectReason.UNKNOWN_PEER.counterName(), refusedByTransport, Long::sum);
        }
        return new Snapshot(advertsSent, advertsReceived, priorityZeroSent, priorityZeroReceived, transitions,
                becameMaster, sendErrors, vipRestored, masterDownExpired, Map.copyOf(all), Map.copyOf(observations));
    }

    /** Counter values at one instant. */
    public record Snapshot(long advertsSent, long advertsReceived, long priorityZeroSent, long priorityZeroReceived,
                    long transitions, long becameMaster, long sendErrors, long vipRestored,
                    long masterDownExpired,
                    Map<String, Long> drops, Map<String, Long> observations) {
    }
}
