package org.vrrpd.check.host;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import org.vrrpd.check.runtime.MonotonicClock;

/**
 * Every plugin JAR's {@link PluginHost}, made on first use: {@link #check} gives the scheduler a
 * {@link RemoteCheck} whose runs happen in the JAR's host process. {@link #close} stops every host.
 */
public final class PluginHosts implements AutoCloseable {

    private final HostProcess.Launcher launcher;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final Map<Path, PluginHost> hosts = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private boolean closed;

    /**
     * Production set-up: restarts and idle stops on one timer thread, started by the launcher's thread starter; the
     * hosts measure run times and log budgets on {@link MonotonicClock#system()}, which a stepped wall clock does
     * not move.
     */
    public PluginHosts(HostProcess.Launcher launcher) {
        this(launcher, timer(launcher), MonotonicClock.system());
    }

    private static ScheduledExecutorService timer(HostProcess.Launcher launcher) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "vrrpd-plugin-hosts");
            t.setDaemon(true);
            return t;
        });
        launcher.threadStarter().execute(timer::prestartCoreThread);
        return timer;
    }

    /** @param clock measures durations only (how long a host ran, log budgets): pass a monotonic one */
    public PluginHosts(HostProcess.Launcher launcher, ScheduledExecutorService timer, Clock clock) {
        this.launcher = launcher;
        this.timer = timer;
        this.clock = clock;
    }

    /** A check of {@code type} from {@code jar}, made in its host from {@code config} (the YAML entry). */
    public RemoteCheck check(Path jar, String type, JsonNode config) {
        return check(jar, type, config, config.path("name").asText(type));
    }

    /**
     * As {@link #check(Path, String, JsonNode)}; {@code label} ({@code instance/check}) prefixes the lines the
     * check logs through its context.
     */
    public synchronized RemoteCheck check(Path jar, String type, JsonNode config, String label) {
        if (closed) {
            throw new IllegalStateException("plugin hosts are stopped");
        }
        PluginHost h = hosts.computeIfAbsent(jar, j -> new PluginHost(j, launcher, timer, clock, new Backoff()));
        long id = ids.incrementAndGet();
        h.register(id, type, config, label);
        return new RemoteCheck(h, id);
    }

    /** The hosts made so far (for status and tests). */
    public synchronized List<PluginHost> hosts() {
        return new ArrayList<>(hosts.values());
    }

    @Override
    public void close() {
        List<PluginHost> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(hosts.values());
            hosts.clear();
        }
        all.forEach(PluginHost::close);
        timer.shutdownNow();
        if (launcher instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing to do
            }
        }
    }
}
