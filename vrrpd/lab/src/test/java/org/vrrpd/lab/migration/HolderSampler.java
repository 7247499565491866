package org.vrrpd.lab.migration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vrrpd.lab.fixture.Lab;

/**
 * Samples, every 10 ms on its own thread, which lab hosts hold each VIP (the kernel's addresses, through
 * {@code ip addr} in each namespace), and keeps per VIP the longest time two or more hosts held it at once.
 */
final class HolderSampler implements AutoCloseable {

    private final Lab lab;
    private final List<String> hosts;
    private final List<String> vips;
    private final Thread thread;
    private final Map<String, Long> doubleSince = new LinkedHashMap<>();
    private final Map<String, Long> longestDoubleNanos = new LinkedHashMap<>();
    private volatile boolean running = true;
    private volatile IOException failure;
    private long samples;

    HolderSampler(Lab lab, List<String> hosts, List<String> vips) {
        this.lab = lab;
        this.hosts = List.copyOf(hosts);
        this.vips = List.copyOf(vips);
        vips.forEach(v -> longestDoubleNanos.put(v, 0L));
        this.thread = new Thread(this::run, "vip-holder-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                sample();
                Thread.sleep(10); // the sampling period, not a wait for a condition
            } catch (IOException e) {
                failure = e;
                return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() throws IOException {
        long now = System.nanoTime();
        Map<String, List<String>> holders = new LinkedHashMap<>();
        vips.forEach(v -> holders.put(v, new ArrayList<>()));
        for (String host : hosts) {
            String text = lab.addresses(host, "eth0");
            for (String vip : vips) {
                if (text.contains(" " + vip + "/")) {
                    holders.get(vip).add(host);
                }
            }
        }
        synchronized (this) {
            samples++;
            for (String vip : vips) {
                if (holders.get(vip).size() > 1) {
                    long since = doubleSince.computeIfAbsent(vip, v -> now);
                    longestDoubleNanos.merge(vip, now - since, Math::max);
                } else {
                    Long since = doubleSince.remove(vip);
                    if (since != null) { // counted up to this first single-holder sample: an upper bound
                        longestDoubleNanos.merge(vip, now - since, Math::max);
                    }
                }
            }
        }
    }

    /** The longest time (ms) two hosts held {@code vip} at once, from the first sample that saw two holders to the first that saw one again (an upper bound). */
    synchronized double longestDoubleMs(String vip) {
        return longestDoubleNanos.get(vip) / 1e6;
    }

    synchronized long samples() {
        return samples;
    }

    /** Starts a new measurement window (per migration step). */
    synchronized void reset() {
        doubleSince.clear();
        vips.forEach(v -> longestDoubleNanos.put(v, 0L));
        samples = 0;
    }

    void assertHealthy() throws IOException {
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
