package org.vrrpd.daemon.notify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.check.api.SecretFiles;
import org.vrrpd.config.GlobalConfig;
import org.vrrpd.config.NotifyConfig;
import org.vrrpd.daemon.instance.InstanceDriver;
import org.vrrpd.daemon.instance.TransitionListener;
import org.vrrpd.daemon.sync.GroupListener;
import org.vrrpd.daemon.sync.SyncDirective;
import org.vrrpd.fsm.VrrpState;

/**
 * keepalived-compatible state-change notification: the FIFO line, then the per-state script
 * ({@code notify_master} ...), then the generic {@code notify} script with {@code INSTANCE name STATE priority},
 * for each transition in the order the protocol thread saw them.
 *
 * <p>The protocol thread only captures a {@link NotifyEvent} and queues it; one notify thread (a serial
 * executor) does the work, so order is kept and a slow or hung script never delays an advert. A script that
 * outlives its timeout is killed and the next one runs. The queue is bounded ({@value #QUEUE}); when it is full
 * (scripts hanging through a flapping storm) the newest event is dropped with a warning and counted.
 */
public final class NotifyDispatcher implements TransitionListener, GroupListener, AutoCloseable {

    /** Events waiting for the notify thread before new ones are dropped. */
    public static final int QUEUE = 1024;
    /** Default time a notify script may run before it is killed. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(NotifyDispatcher.class);

    private final ScriptRunner runner;
    private final Optional<NotifyFifo> fifo;
    private final ThreadPoolExecutor executor;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong fifoDropped = new AtomicLong();
    private final AtomicLong scriptFailures = new AtomicLong();
    private volatile Function<String, Optional<NotifyConfig>> lookup = name -> Optional.empty();

    public NotifyDispatcher(ScriptRunner runner, Optional<Path> fifoPath) {
        this.runner = runner;
        this.fifo = fifoPath.map(NotifyFifo::new);
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "vrrpd-notify");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * The dispatcher for a daemon's global settings: scripts run as {@code script_user} when the daemon is
     * root, the FIFO is {@code notify_fifo}.
     */
    public static NotifyDispatcher forConfig(GlobalConfig global) {
        return new NotifyDispatcher(ScriptRunner.forUser(SecretFiles.currentUid(), global.scriptUser(),
                DEFAULT_TIMEOUT), global.notifyFifo());
    }

    /**
     * Where the current notify scripts of an instance come from. A reload that changes only notify settings
     * keeps the instance's driver (and its old config), so the daemon's current configuration is asked first;
     * the driver's own config is the fallback (an instance just removed by a reload).
     */
    public void scriptsFrom(Function<String, Optional<NotifyConfig>> lookup) {
        this.lookup = lookup;
    }

    /** On the protocol thread: capture and queue; never blocks. */
    @Override
    public void onTransition(InstanceDriver driver, VrrpState from, VrrpState to, String reason) {
        String name = driver.config().name();
        NotifyConfig scripts = lookup.apply(name).orElse(driver.config().notifyScripts());
        submit(new NotifyEvent(name, NotifyEvent.stateWord(to), driver.effectivePriority(), scripts));
    }

    /** On the protocol thread: a sync group moved; keepalived's group notifies ({@code GROUP name STATE 0}). */
    @Override
    public void onGroupMoved(SyncDirective.GroupMoved move, NotifyConfig scripts) {
        submit(NotifyEvent.group(move.group(), NotifyEvent.stateWord(move.to()), scripts));
    }

    /** Queues one event; drops it (counted, logged) when the queue is full or the dispatcher is closed. */
    public void submit(NotifyEvent e) {
        if (fifo.isEmpty() && e.stateScript().isEmpty() && e.genericScript().isEmpty()) {
            return;
        }
        try {
            executor.execute(() -> deliver(e));
        } catch (RejectedExecutionException x) {
            long n = dropped.incrementAndGet();
            if (n > 1 && n % 100 != 0) {
                return; // a storm: log the first drop and every hundredth
            }
            LOG.warn("{}: notify for {} dropped: {} notify events already waiting ({} dropped so far)",
                    e.instance(), e.state(), QUEUE, n);
        }
    }

    private void deliver(NotifyEvent e) {
        fifo.ifPresent(f -> {
            NotifyFifo.Result r = f.write(e.fifoLine());
            if (r != NotifyFifo.Result.WRITTEN) {
                fifoDropped.incrementAndGet();
                LOG.debug("notify_fifo: line for {} {} dropped ({}: {})", e.instance(), e.state(), r,
                        f.lastError());
            }
        });
        for (List<String> script : List.of(e.stateScript(), e.genericScript())) {
            if (script.isEmpty()) {
                continue;
            }
            try {
                ScriptRunner.Outcome o = runner.run(script);
                if (!o.ok()) {
                    scriptFailures.incrementAndGet();
                    LOG.warn("{}: notify script {} for {} {}", e.instance(), script.get(0), e.state(), o.failure());
                } else {
                    LOG.debug("{}: notify script {} for {} took {} ms", e.instance(), script.get(0), e.state(),
                            o.took().toMillis());
                }
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Events dropped because the queue was full. */
    public long droppedEvents() {
        return dropped.get();
    }

    /** FIFO lines dropped (no reader, full pipe, error). */
    public long droppedFifoLines() {
        return fifoDropped.get();
    }

    /** Scripts that failed to start, exited non-zero or timed out. */
    public long scriptFailures() {
        return scriptFailures.get();
    }

    /**
     * Lets queued events finish (so {@code notify_stop} runs at shutdown) for at most {@code wait}, then kills
     * what is left.
     */
    public void close(Duration wait) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow(); // interrupts a running script, which is then killed
                executor.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        fifo.ifPresent(NotifyFifo::close);
    }

    @Override
    public void close() {
        close(DEFAULT_TIMEOUT);
    }
}
