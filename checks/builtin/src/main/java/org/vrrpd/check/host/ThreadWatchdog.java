package org.vrrpd.check.host;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Runs in the plugin host: samples the process's thread count (the kernel's, from {@code /proc/self/status}, so
 * JVM-internal and native threads count too) every few milliseconds and, when it exceeds the limit, hands the
 * reason ({@code too many threads (65 > 64)}) to {@code onExceeded}, which reports it and ends the process.
 */
public final class ThreadWatchdog implements Runnable {

    private final int maxThreads;
    private final long periodMillis;
    private final IntSupplier threadCount;
    private final Consumer<String> onExceeded;

    public ThreadWatchdog(int maxThreads, long periodMillis, IntSupplier threadCount, Consumer<String> onExceeded) {
        this.maxThreads = maxThreads;
        this.periodMillis = periodMillis;
        this.threadCount = threadCount;
        this.onExceeded = onExceeded;
    }

    /** Starts the watchdog on its own daemon thread. */
    public Thread start() {
        Thread t = new Thread(this, "vrrpd-plugin-host-watchdog");
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        t.start();
        return t;
    }

    /** One sample: the reason when the limit is exceeded, else null. */
    public String check() {
        int n = threadCount.getAsInt();
        return n > maxThreads ? "too many threads (" + n + " > " + maxThreads + ")" : null;
    }

    @Override
    public void run() {
        while (true) {
            String reason = check();
            if (reason != null) {
                onExceeded.accept(reason);
                return;
            }
            try {
                Thread.sleep(periodMillis); // a sampling period, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The kernel's thread count for this process; the JVM's own count if {@code /proc} cannot be read. */
    public static int processThreads() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring(8).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
