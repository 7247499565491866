package org.vrrpd.check.host;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How plugin hosts are started ({@code global.plugin_host} in the YAML): the host JVM's maximum heap
 * ({@code -Xmx}, e.g. {@code 64m}), the thread count past which the host's watchdog ends it, and the nice value
 * it runs at (0–19; higher is lower CPU priority).
 */
public record PluginHostSettings(String heap, int maxThreads, int nice) {

    public static final String DEFAULT_HEAP = "64m";
    public static final int DEFAULT_MAX_THREADS = 64;
    public static final int DEFAULT_NICE = 10;
    /** Bounds accepted by {@link #problem}. */
    public static final long MIN_HEAP_BYTES = 16L << 20;
    public static final long MAX_HEAP_BYTES = 4L << 30;
    public static final int MIN_THREADS = 32;
    public static final int MAX_THREADS = 4096;

    public PluginHostSettings {
        Objects.requireNonNull(heap, "heap");
    }

    public static PluginHostSettings defaults() {
        return new PluginHostSettings(DEFAULT_HEAP, DEFAULT_MAX_THREADS, DEFAULT_NICE);
    }

    /** Why these settings cannot be used, or empty when they can. */
    public static Optional<String> problem(String heap, int maxThreads, int nice) {
        long bytes = heapBytes(heap);
        if (bytes < 0) {
            return Optional.of("heap '" + heap + "' is not a size such as 64m or 1g");
        }
        if (bytes < MIN_HEAP_BYTES || bytes > MAX_HEAP_BYTES) {
            return Optional.of("heap " + heap + " is outside 16m..4g");
        }
        if (maxThreads < MIN_THREADS || maxThreads > MAX_THREADS) {
            return Optional.of("max_threads " + maxThreads + " is outside " + MIN_THREADS + ".." + MAX_THREADS
                    + " (a JVM needs about 20 threads of its own)");
        }
        if (nice < 0 || nice > 19) {
            return Optional.of("nice " + nice + " is outside 0..19");
        }
        return Optional.empty();
    }

    /** {@code 64m} → bytes; -1 when not a size (digits and one of k, m, g). */
    public static long heapBytes(String heap) {
        if (heap == null || !heap.matches("[0-9]{1,7}[kKmMgG]")) {
            return -1;
        }
        long n = Long.parseLong(heap.substring(0, heap.length() - 1));
        return switch (heap.substring(heap.length() - 1).toLowerCase(Locale.ROOT)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            default -> n << 30;
        };
    }
}
