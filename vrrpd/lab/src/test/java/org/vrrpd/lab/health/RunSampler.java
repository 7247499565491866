package org.vrrpd.lab.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vrrpd.control.ControlException;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * Samples {@code vrrpctl checks --json} every 10 ms on its own thread and notes, on the test's monotonic clock
 * ({@code System.nanoTime}), when each check's {@code lastRun} changed — a counted run — so cadence is measured on
 * the monotonic side even while the daemon's stamps are an hour off.
 */
final class RunSampler implements AutoCloseable {

    private final VrrpdNode node;
    private final List<String> checks;
    private final Map<String, List<Long>> seen = new HashMap<>();
    private final Map<String, String> last = new HashMap<>();
    private final Thread thread;
    private volatile boolean stop;

    RunSampler(VrrpdNode node, List<String> checks) {
        this.node = node;
        this.checks = List.copyOf(checks);
        checks.forEach(c -> seen.put(c, new ArrayList<>()));
        this.thread = new Thread(this::loop, "run-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!stop) {
            try {
                JsonNode all = node.call("checks", null).path("checks");
                long now = System.nanoTime();
                for (JsonNode c : all) {
                    String name = c.path("name").asText();
                    String run = c.path("lastRun").asText(null);
                    if (checks.contains(name) && run != null && !run.equals(last.get(name))) {
                        synchronized (this) {
                            last.put(name, run);
                            seen.get(name).add(now);
                        }
                    }
                }
            } catch (ControlException e) {
                // a slow answer: the next sample sees the change
            }
            try {
                Thread.sleep(10); // the sampling period, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Monotonic nanos at which runs of {@code check} were seen, oldest first. */
    synchronized List<Long> runs(String check) {
        return List.copyOf(seen.get(check));
    }

    /** The number of runs of {@code check} seen so far. */
    synchronized int count(String check) {
        return seen.get(check).size();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(2000);
    }
}
