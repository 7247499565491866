package org.vrrpd.check.host;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.runtime.CheckLoggers;

/**
 * The daemon's side of one plugin JAR's host process: starts it when the first check of the JAR is registered,
 * (re)sends every registered check's {@link HostMessage.Create}, forwards runs and completes them with the host's
 * answers, logs the host's stderr (prefixed with the JAR name, rate-limited), and when the host dies fails the runs
 * in flight at once with the reason ({@code plugin host for x.jar exited: too many threads (65 > 64)}), answers
 * later runs with it until a new host is up, and starts one after a {@link Backoff} (1 s doubling to 30 s). A host
 * with no checks left is stopped after a short grace; {@link #close} stops it for good.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    static final Duration IDLE_GRACE = Duration.ofSeconds(2);
    static final int STDERR_LINES_PER_WINDOW = 20;
    static final Duration STDERR_WINDOW = Duration.ofSeconds(10);
    static final Duration OUTPUT_DRAIN = Duration.ofSeconds(1);

    private final Path jar;
    private final String jarName;
    private final HostProcess.Launcher launcher;
    private final ScheduledExecutorService timer;
    /** Measures durations only (run times, log budgets); monotonic in production ({@link PluginHosts}). */
    private final Clock clock;
    private final Backoff backoff;

    // guarded by this
    private final Map<Long, HostMessage.Create> registered = new LinkedHashMap<>();
    private final Map<Long, String> labels = new HashMap<>();
    private final Map<Long, CompletableFuture<String>> created = new HashMap<>();
    private final LineBudget logBudget = new LineBudget(STDERR_LINES_PER_WINDOW, STDERR_WINDOW);
    private final Map<Long, Pending> pending = new HashMap<>();
    private HostProcess process;
    private OutputStream stdin;
    private Instant startedAt;
    private String downReason;
    private ScheduledFuture<?> restart;
    private ScheduledFuture<?> idleStop;
    private int starts;
    private boolean closed;
    private CompletableFuture<Void> ready = new CompletableFuture<>();

    private record Pending(long seq, CompletableFuture<CheckResult> result) {
    }

    public PluginHost(Path jar, HostProcess.Launcher launcher, ScheduledExecutorService timer, Clock clock,
                      Backoff backoff) {
        this.jar = jar;
        this.jarName = String.valueOf(jar.getFileName());
        this.launcher = launcher;
        this.timer = timer;
        this.clock = clock;
        this.backoff = backoff;
    }

    public Path jar() {
        return jar;
    }

    /** How many times a host process was started for this JAR. */
    public synchronized int starts() {
        return starts;
    }

    /** The running host's pid, or -1. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Why the host is not running, or null while it is. */
    public synchronized String downReason() {
        return downReason;
    }

    /**
     * Waits until the running host has loaded its JAR and said hello, at most {@code max}; false when it did not
     * (still starting, or it died: see {@link #downReason}). A reload waits for this before an upgraded check's
     * first run, so the new JVM's start-up does not count against the check's timeout.
     */
    public boolean awaitReady(Duration max) throws InterruptedException {
        CompletableFuture<Void> r;
        synchronized (this) {
            r = ready;
        }
        try {
            r.get(max.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /**
     * How the host's creation of check {@code id} went: completes with {@code ""} when it was created, or the
     * factory's refusal ({@code vrrpd config check} waits for it, bounded by the caller).
     */
    public synchronized CompletableFuture<String> creation(long id) {
        return created.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    /** Adds a check; starts the host if this is its first. */
    public synchronized void register(long id, String type, JsonNode config) {
        register(id, type, config, config.path("name").asText(type));
    }

    /** As {@link #register(long, String, JsonNode)}; {@code label} prefixes the check's own log lines. */
    public synchronized void register(long id, String type, JsonNode config, String label) {
        HostMessage.Create c = new HostMessage.Create(id, type, config);
        registered.put(id, c);
        labels.put(id, label);
        if (idleStop != null) {
            idleStop.cancel(false);
            idleStop = null;
        }
        if (closed) {
            return;
        }
        if (process != null) {
            send(c);
        } else if (restart == null) {
            start();
        }
    }

    /** Removes a check; a host left without checks stops after {@link #IDLE_GRACE}. */
    public synchronized void unregister(long id) {
        if (registered.remove(id) == null) {
            return;
        }
        labels.remove(id);
        created.remove(id);
        Pending p = pending.remove(id);
        if (p != null) {
            p.result().complete(CheckResult.down(Duration.ZERO, "check closed"));
        }
        if (process != null) {
            send(new HostMessage.Close(id));
        }
        if (registered.isEmpty() && idleStop == null && !closed) {
            idleStop = timer.schedule(this::stopIfIdle, IDLE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Asks the host to run check {@code id}; the future completes with its answer, or at once with a down result
     * when the host is not running or dies. The caller bounds the wait (the run's deadline).
     */
    public synchronized CompletableFuture<CheckResult> run(long id, long seq, Duration timeout) {
        if (process == null || stdin == null) {
            return CompletableFuture.completedFuture(CheckResult.down(Duration.ZERO,
                    downReason != null ? downReason : "plugin host for " + jarName + " is not running"));
        }
        CompletableFuture<CheckResult> f = new CompletableFuture<>();
        Pending old = pending.put(id, new Pending(seq, f));
        if (old != null) {
            old.result().complete(CheckResult.down(Duration.ZERO, "superseded by a later run"));
        }
        send(new HostMessage.Run(id, seq, Math.max(1, timeout.toMillis())));
        return f;
    }

    /** The caller stopped waiting for run {@code seq} (timeout, interrupt). */
    public synchronized void abandon(long id, long seq) {
        Pending p = pending.get(id);
        if (p != null && p.seq() == seq) {
            pending.remove(id);
        }
    }

    /** Stops the host for good (daemon stop, plugin no longer used). */
    @Override
    public void close() {
        HostProcess p;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (restart != null) {
                restart.cancel(false);
            }
            if (idleStop != null) {
                idleStop.cancel(false);
            }
            p = process;
            process = null;
            stdin = null;
            downReason = "plugin host for " + jarName + " stopped";
            failPending(downReason);
        }
        if (p != null) {
            p.kill();
        }
    }

    private synchronized void stopIfIdle() {
        idleStop = null;
        if (!registered.isEmpty() || process == null) {
            return;
        }
        HostProcess p = process;
        process = null;
        stdin = null;
        downReason = "plugin host for " + jarName + " stopped (no checks use it)";
        LOG.info("plugin host for {} stopped: no checks use it", jarName);
        timer.execute(p::kill);
    }

    /** Under the lock. */
    private void start() {
        restart = null;
        if (closed || registered.isEmpty()) {
            return;
        }
        HostProcess p;
        try {
            p = launcher.launch(jar);
        } catch (IOException | RuntimeException e) {
            downReason = "plugin host for " + jarName + " cannot start: " + e.getMessage();
            LOG.warn("{}", downReason);
            scheduleRestart(Duration.ZERO);
            return;
        }
        starts++;
        if (ready.isDone()) {
            ready = new CompletableFuture<>();
        }
        process = p;
        stdin = p.stdin();
        startedAt = clock.instant();
        downReason = null;
        ExitReason reason = new ExitReason();
        LOG.info("plugin host for {} started (pid {}, {} check(s))", jarName, p.pid(), registered.size());
        Executor starter = launcher.threadStarter();
        thread(starter, "vrrpd-plugin-out-" + jarName, () -> readStdout(p, reason));
        thread(starter, "vrrpd-plugin-err-" + jarName, () -> HostStderr.drain(p.stderr(), jarName, clock, reason));
        p.exit().whenComplete((code, err) -> exited(p, code == null ? -1 : code, reason));
        for (HostMessage.Create c : registered.values()) {
            send(c);
        }
    }

    private void scheduleRestart(Duration ranFor) {
        Duration delay = backoff.afterRun(ranFor);
        if (downReason != null) {
            downReason = downReason + "; restart in " + HostedChecks.human(delay);
        }
        restart = timer.schedule(() -> {
            synchronized (PluginHost.this) {
                start();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Under the lock: writes one line; a broken pipe is left to the exit handler. */
    private void send(HostMessage m) {
        try {
            stdin.write((HostCodec.encode(m) + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            LOG.debug("plugin host for {}: write failed: {}", jarName, e.getMessage());
        }
    }

    private void exited(HostProcess p, int code, ExitReason reason) {
        reason.awaitOutput(OUTPUT_DRAIN); // the exit can be reported before the last lines (the reason) are read
        synchronized (this) {
            if (process != p) {
                return; // stopped on purpose (close, idle)
            }
            process = null;
            stdin = null;
            Duration ranFor = Duration.between(startedAt, clock.instant());
            downReason = "plugin host for " + jarName + " exited: " + reason.describe(code);
            LOG.warn("{} (pid {}, after {})", downReason, p.pid(), HostedChecks.human(ranFor));
            failPending(downReason);
            if (!closed && !registered.isEmpty()) {
                scheduleRestart(ranFor);
            }
        }
    }

    private void failPending(String reason) {
        for (Pending pd : pending.values()) {
            pd.result().complete(CheckResult.down(Duration.ZERO, reason));
        }
        pending.clear();
    }

    private void readStdout(HostProcess p, ExitReason reason) {
        BoundedLines in = new BoundedLines(HostStderr.buffered(p.stdout()), HostCodec.MAX_LINE);
        try {
            String line;
            while ((line = in.readLine()) != null) {
                HostCodec.Decoded d = HostCodec.decode(line);
                if (d instanceof HostCodec.Decoded.Ok ok) {
                    received(p, ok.message(), reason);
                } else {
                    HostCodec.Decoded.Rejected r = (HostCodec.Decoded.Rejected) d;
                    reason.lastLine(line);
                    LOG.warn("plugin host for {}: ignored output ({}): {}", jarName, r.counter(), r.reason());
                }
            }
        } catch (IOException e) {
            LOG.debug("plugin host for {}: stdout: {}", jarName, e.getMessage());
        } finally {
            reason.outputDone.countDown();
        }
    }

    private void received(HostProcess p, HostMessage m, ExitReason reason) {
        if (m instanceof HostMessage.Result r) {
            CompletableFuture<CheckResult> f = null;
            synchronized (this) {
                Pending pd = pending.get(r.id());
                if (process == p && pd != null && pd.seq() == r.seq()) {
                    pending.remove(r.id());
                    f = pd.result();
                }
            }
            if (f != null) {
                f.complete(new CheckResult(r.up(), Duration.ofNanos(r.latencyMicros() * 1000), r.message(),
                        r.detail()));
            }
        } else if (m instanceof HostMessage.Log l) {
            logged(l);
        } else if (m instanceof HostMessage.Fatal fatal) {
            reason.fatal(fatal.reason());
        } else if (m instanceof HostMessage.Created c) {
            if (c.error() != null) {
                LOG.error("plugin host for {}: check {} refused: {}", jarName, c.id(), c.error());
            }
            creation(c.id()).complete(c.error() == null ? "" : c.error());
        } else if (m instanceof HostMessage.Hello h) {
            LOG.debug("plugin host for {} ready (pid {}, types {})", jarName, h.pid(), h.types());
            CompletableFuture<Void> r;
            synchronized (this) {
                r = process == p ? ready : null;
            }
            if (r != null) {
                r.complete(null);
            }
        }
    }

    /** A check's own log line, with its label, at most {@link #STDERR_LINES_PER_WINDOW} per window per host. */
    private void logged(HostMessage.Log l) {
        String label;
        long suppressed = 0;
        synchronized (this) {
            label = labels.get(l.id());
            if (label == null) {
                return; // closed meanwhile
            }
            if (!logBudget.admit(clock.instant())) {
                return;
            }
            suppressed = logBudget.takeSuppressed();
        }
        if (suppressed > 0) {
            LOG.warn("plugin {}: ({} log line(s) of its checks suppressed)", jarName, suppressed);
        }
        CheckLoggers.write(CheckLoggers.level(l.level()), label + ": " + l.message());
    }

    private static void thread(Executor starter, String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        starter.execute(t::start);
    }
}
