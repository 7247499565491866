package org.vrrpd.check.host;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.api.Durations;
import org.vrrpd.check.api.SecretFiles;
import org.vrrpd.check.runtime.CheckLoggers;
import org.vrrpd.check.runtime.DurationModule;
import org.vrrpd.check.runtime.MonotonicClock;
import org.vrrpd.check.runtime.PluginLoader;
import org.vrrpd.check.runtime.RuntimeCheckContext;

/**
 * The plugin host's checks: creates them from their YAML entries, runs them on one thread per check with at most
 * one run in flight, answers every run exactly once (its result, {@code timed out after 2s}, or {@code previous run
 * still in flight for 3s}), and interrupts a run at its deadline.
 */
final class HostedChecks {

    private final Map<String, CheckFactory<?>> factories = new HashMap<>();
    private final Consumer<HostMessage> out;
    /** Deadlines and run times: monotonic, so a stepped wall clock moves no deadline (and checks see the same). */
    private final Clock clock = MonotonicClock.system();
    private final ObjectMapper binder = binder();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vrrpd-plugin-host-timer");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, Hosted> checks = new HashMap<>();
    private final Map<Long, String> refused = new HashMap<>();
    private final int uid = SecretFiles.currentUid();

    HostedChecks(List<CheckFactory<?>> factories, Consumer<HostMessage> out) {
        factories.forEach(f -> this.factories.put(f.type(), f));
        this.out = out;
    }

    /** One check: its worker thread, and the run in flight (guarded by this). */
    private static final class Hosted {
        final Check check;
        final ExecutorService worker;
        long runningSeq = -1;
        boolean answered;
        Instant started;
        Thread thread;

        Hosted(long id, Check check) {
            this.check = check;
            this.worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "vrrpd-plugin-check-" + id);
                t.setDaemon(true);
                return t;
            });
        }
    }

    void handle(HostMessage m) {
        if (m instanceof HostMessage.Create c) {
            create(c);
        } else if (m instanceof HostMessage.Run r) {
            run(r);
        } else if (m instanceof HostMessage.Close c) {
            close(c.id());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void create(HostMessage.Create c) {
        close(c.id());
        CheckFactory factory = factories.get(c.type());
        String error;
        if (factory == null) {
            error = "this plugin has no check type '" + c.type() + "'";
        } else {
            try {
                ObjectNode node = c.config().deepCopy();
                node.remove("type");
                CheckConfig config = (CheckConfig) binder.treeToValue(node, factory.configClass());
                Check check = factory.create(config);
                synchronized (this) {
                    checks.put(c.id(), new Hosted(c.id(), check));
                }
                error = null;
            } catch (CheckConfigException | IOException e) {
                error = e.getMessage();
            } catch (RuntimeException | LinkageError e) {
                error = "cannot be created: " + PluginLoader.withCauses(e);
            }
        }
        if (error != null) {
            synchronized (this) {
                refused.put(c.id(), error);
            }
        }
        out.accept(new HostMessage.Created(c.id(), error));
    }

    private void run(HostMessage.Run r) {
        Hosted h;
        String refusal;
        Instant now = clock.instant();
        synchronized (this) {
            h = checks.get(r.id());
            refusal = refused.get(r.id());
            if (h != null && h.runningSeq >= 0) {
                Duration running = Duration.between(h.started, now);
                out.accept(down(r, running, "previous run still in flight for " + human(running)));
                return;
            }
            if (h != null) {
                h.runningSeq = r.seq();
                h.answered = false;
                h.started = now;
            }
        }
        if (h == null) {
            out.accept(down(r, Duration.ZERO, refusal != null ? "check could not be created: " + refusal
                    : "no such check in the plugin host"));
            return;
        }
        Duration timeout = Duration.ofMillis(Math.max(1, r.timeoutMillis()));
        Instant deadline = now.plus(timeout);
        timer.schedule(() -> timeout(h, r, timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
        h.worker.execute(() -> execute(h, r, deadline));
    }

    private void execute(Hosted h, HostMessage.Run r, Instant deadline) {
        synchronized (this) {
            h.thread = Thread.currentThread();
        }
        CheckResult result;
        try {
            result = h.check.run(new RuntimeCheckContext(clock, deadline, uid,
                    CheckLoggers.to((level, line) -> out.accept(new HostMessage.Log(r.id(), level.name(), line)))));
            if (result == null) {
                result = CheckResult.down(Duration.between(h.started, clock.instant()), "check returned no result");
            }
        } catch (Throwable t) { // NOPMD - whatever the plugin throws is its run's failure
            String m = t.getMessage();
            result = CheckResult.down(Duration.between(h.started, clock.instant()),
                    "check threw " + t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m));
        }
        boolean send;
        synchronized (this) {
            h.thread = null;
            send = !h.answered && h.runningSeq == r.seq();
            h.answered = true;
            h.runningSeq = -1;
        }
        Thread.interrupted();
        if (send) {
            out.accept(new HostMessage.Result(r.id(), r.seq(), result.up(), result.latency().toNanos() / 1000,
                    result.message(), result.detail()));
        }
    }

    private void timeout(Hosted h, HostMessage.Run r, Duration timeout) {
        synchronized (this) {
            if (h.runningSeq != r.seq() || h.answered) {
                return;
            }
            h.answered = true; // still running: the next run request is answered "still in flight"
            if (h.thread != null) {
                h.thread.interrupt();
            }
        }
        out.accept(down(r, timeout, "timed out after " + human(timeout)));
    }

    private void close(long id) {
        Hosted h;
        synchronized (this) {
            h = checks.remove(id);
            refused.remove(id);
        }
        if (h != null) {
            h.worker.execute(() -> {
                try {
                    h.check.close();
                } catch (RuntimeException e) {
                    System.err.println("closing check " + id + " failed: " + e);
                }
            });
            h.worker.shutdown();
        }
    }

    private static HostMessage.Result down(HostMessage.Run r, Duration latency, String message) {
        return new HostMessage.Result(r.id(), r.seq(), false, latency.toNanos() / 1000, message, Map.of());
    }

    static String human(Duration d) {
        return Durations.format(d);
    }

    /** Binds a check's YAML entry like the daemon's loader: durations as 1s/250ms/bare seconds. */
    static ObjectMapper binder() {
        return JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).addModule(new DurationModule()).build();
    }
}
