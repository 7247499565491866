package org.vrrpd.daemon;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.check.runtime.CheckScheduler;
import org.vrrpd.config.ConfigDiff;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VrrpdConfig;
import org.vrrpd.daemon.health.CheckPlugins;
import org.vrrpd.daemon.health.HealthSupervisor;
import org.vrrpd.daemon.pidfd.PidfdWatcher;
import org.vrrpd.daemon.instance.InstanceDriver;
import org.vrrpd.daemon.instance.TransitionListener;
import org.vrrpd.daemon.loop.LoopCalls;
import org.vrrpd.daemon.loop.LoopTimerPrecision;
import org.vrrpd.daemon.loop.NettyProtocolScheduler;
import org.vrrpd.daemon.loop.ProtocolScheduler;
import org.vrrpd.daemon.loop.ProtocolThread;
import org.vrrpd.daemon.metrics.CheckLatencyHistograms;
import org.vrrpd.daemon.sync.GroupListener;
import org.vrrpd.daemon.systemd.SignalFdHandle;
import org.vrrpd.daemon.tuning.MasterPathWarmup;
import org.vrrpd.daemon.vip.VipTable;
import org.vrrpd.filter.KernelFilter;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.fsm.VrrpStateMachine;
import org.vrrpd.net.LinuxVrrpTransport;
import org.vrrpd.net.VrrpTransport;
import org.vrrpd.net.netlink.Link;
import org.vrrpd.net.netlink.LinuxRtnetlink;
import org.vrrpd.net.netlink.NetlinkEpollHandle;
import org.vrrpd.net.netlink.NetlinkException;
import org.vrrpd.net.netlink.NetlinkSubscription;
import org.vrrpd.net.netlink.Rtnetlink;
import org.vrrpd.status.HistoryEntry;
import org.vrrpd.status.LastTransition;
import org.vrrpd.status.ReloadSummary;

/**
 * The running daemon: one protocol thread (a Netty epoll event loop) carrying every instance's sockets,
 * timers and rtnetlink events. Everything that touches protocol state runs on that thread; other threads
 * (signals, the control socket, checks) hop onto it with {@link #onLoop}.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final Path configPath;
    private final MultiThreadIoEventLoopGroup group;
    private final IoEventLoop loop;
    private final ProtocolScheduler scheduler;
    private final VrrpTransport transport;
    private final Rtnetlink rtnl;
    private final VipTable vipTable;
    private final KernelFilter filter;
    private final Map<String, InstanceDriver> drivers = new LinkedHashMap<>();
    private final TransitionHistory history = new TransitionHistory(1000);
    private final Maintenance maintenance = new Maintenance();
    private final Instant started = Instant.now();
    private final CheckLatencyHistograms checkLatencies = new CheckLatencyHistograms();
    private final List<TransitionListener> listeners = new ArrayList<>();
    private final HealthSupervisor health;
    private final DaemonSync sync;
    /** Process exits for pid_file and process checks (docs/CHECKS.md, "Process exits"); its thread starts on use. */
    private final PidfdWatcher processExits = PidfdWatcher.linux();
    private VrrpdConfig config;
    private NetlinkSubscription subscription;
    private IoRegistration subscriptionRegistration;
    private volatile String lastConfigError;
    private boolean stopped;
    /** Made at start-up, so SIGTERM's hand-over bootstraps nothing before the priority-0 adverts. */
    private final Runnable stopInstancesTask = this::stopInstances;

    private Daemon(Path configPath, VrrpdConfig config, CheckPlugins plugins) throws IOException {
        this.configPath = configPath;
        this.config = config;
        LoopTimerPrecision.apply(); // Main did it already; a daemon started in-process (the tests) may not have
        this.group = ProtocolThread.newGroup();
        this.loop = (IoEventLoop) group.next();
        this.scheduler = new NettyProtocolScheduler(loop);
        this.transport = new LinuxVrrpTransport(loop);
        try {
            this.rtnl = LinuxRtnetlink.open();
        } catch (NetlinkException e) {
            transport.close();
            group.shutdownGracefully();
            throw new IOException("cannot open rtnetlink: " + e.getMessage(), e);
        }
        this.sync = new DaemonSync(drivers, () -> this.config);
        this.vipTable = new VipTable(rtnl);
        this.filter = KernelFilter.open();
        vipTable.useFilter(filter);
        plugins.useHostSettings(config.global().pluginHost()); // heap, threads and nice of plugin hosts
        // every finished check run also lands in the metrics' latency histograms
        this.health = new HealthSupervisor(plugins, this::linkUpByName,
                (instance, checks, listener) -> CheckScheduler.withThreads(instance, checks,
                        checkLatencies.observing(instance, listener)).watchingExits(processExits));
    }

    /** Starts every configured instance; throws (having released everything) if one cannot start. */
    public static Daemon start(Path configPath, VrrpdConfig config) throws IOException {
        return start(configPath, config, CheckPlugins.builtinOnly(), List.of());
    }

    /**
     * As {@link #start(Path, VrrpdConfig)}, with the check types (plugins) the config was bound with and
     * transition listeners added before any instance starts (so they see the start-up transitions).
     */
    public static Daemon start(Path configPath, VrrpdConfig config, CheckPlugins plugins,
                               List<TransitionListener> initialListeners) throws IOException {
        Daemon d = new Daemon(configPath, config, plugins);
        d.listeners.addAll(initialListeners);
        for (TransitionListener l : initialListeners) {
            if (l instanceof GroupListener g) {
                d.sync.addListener(g); // notify: group scripts and FIFO lines from the first move on
            }
        }
        try {
            d.onLoop(() -> {
                d.filter.configureOrFail(config);
                d.subscribe();
                d.sync.configure(config);
                d.vipTable.manage(config.instances()); // no instance advertises from another's VIP
                return d.vipTable.batch(() -> {
                    for (InstanceConfig ic : config.instances()) {
                        d.startInstance(ic);
                    }
                    return null;
                });
            });
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
        d.warmMasterPaths();
        return d;
    }

    /**
     * Rehearses every instance's Master path on a background thread (no packet, no address), so a Backup's first
     * takeover does not pay for class loading and interpretation, and the class-data archive of a first run holds
     * that path too. After start-up and after each reload (new VIPs, a new interval).
     */
    private void warmMasterPaths() {
        boolean fsm = !LoggerFactory.getLogger(VrrpStateMachine.class).isDebugEnabled();
        try {
            MasterPathWarmup.start(onLoop(() -> drivers.values().stream()
                    .<LongSupplier>map(d -> d.masterRehearsal(fsm)).toList()));
        } catch (IOException | RuntimeException e) {
            LOG.debug("master path warm-up not started: {}", e.toString());
        }
    }

    private void subscribe() throws IOException {
        try {
            subscription = rtnl.subscribe();
        } catch (NetlinkException e) {
            throw new IOException("cannot subscribe to rtnetlink events: " + e.getMessage(), e);
        }
        try {
            subscriptionRegistration = NetlinkEpollHandle.register(loop, subscription,
                    new NetlinkFanout(drivers.values(), health, vipTable)::deliver, e -> LOG.warn("reading rtnetlink events: {}", e.getMessage())).sync().getNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    void startInstance(InstanceConfig ic) throws IOException {
        InstanceDriver d = new InstanceDriver(ic, scheduler, transport, vipTable, this::onTransition);
        health.attach(ic, d.tracking()); // the checks' initial priority and faults, before the router starts
        sync.attach(d); // its sync group's hooks and the other members' faults, before it starts
        try {
            d.start();
        } catch (IOException e) {
            health.detach(ic.name());
            throw new IOException("instance '" + ic.name() + "' on " + ic.interfaceName() + ": " + e.getMessage(), e);
        }
        drivers.put(ic.name(), d);
        health.start(ic.name());
        maintenance.applyTo(d);
    }

    private void onTransition(InstanceDriver d, VrrpState from, VrrpState to, String reason) {
        Instant at = d.lastTransition().map(LastTransition::at).orElseGet(Instant::now); // status shows the same
        history.add(new HistoryEntry(at, d.config().name(), from, to, d.effectivePriority(), reason));
        for (TransitionListener l : listeners) {
            try {
                l.onTransition(d, from, to, reason);
            } catch (RuntimeException e) {
                LOG.warn("a transition listener failed: {}", e.toString());
            }
        }
        sync.onTransition(d, from, to, reason); // last: the group's moves follow the member's own notifies
    }

    /** Latency histograms of every check run, for the metrics endpoint. */
    public CheckLatencyHistograms checkLatencies() {
        return checkLatencies;
    }

    /** Adds a listener (notify hooks, readiness); call before or on the loop. */
    public void addTransitionListener(TransitionListener l) {
        listeners.add(l);
    }

    /** Runs {@code task} on the protocol thread and waits for it. */
    public <T> T onLoop(Callable<T> task) throws IOException {
        return LoopCalls.call(loop, task);
    }

    /**
     * Applies a validated new configuration as a diff, on the protocol thread ({@link Reconciler}); returns a
     * summary naming the unchanged, changed (and of those the replaced), added and removed instances.
     */
    ReloadSummary apply(VrrpdConfig next) throws IOException {
        ReloadSummary summary = onLoop(() -> {
            sync.configure(next); // new members start in their new groups
            List<InstanceConfig> both = new ArrayList<>(config.instances());
            both.addAll(next.instances());
            vipTable.manage(both); // old and new VIPs: neither is an advert source while the diff applies
            ReloadSummary s;
            try {
                s = new Reconciler(this).apply(config, next);
            } catch (IOException | RuntimeException e) {
                sync.configure(config); // refused: the groups in force stay
                vipTable.manage(config.instances());
                throw e;
            } finally {
                sync.refreshInputs();
            }
            config = next;
            vipTable.manage(next.instances());
            return s;
        });
        warmMasterPaths();
        return summary;
    }

    /** Sets or clears maintenance for the named instances (all when empty); survives reloads. */
    public List<String> setMaintenance(boolean on, String instance) throws IOException {
        return onLoop(() -> maintenance.set(on, instance, drivers.values()));
    }

    boolean inMaintenance(String name) {
        return maintenance.contains(name);
    }

    /** The protocol thread's scheduler (systemd watchdog pings run there). */
    ProtocolScheduler scheduler() {
        return scheduler;
    }

    Map<String, InstanceDriver> drivers() {
        return drivers;
    }

    TransitionHistory history() {
        return history;
    }

    Instant started() {
        return started;
    }

    Path configPath() {
        return configPath;
    }

    /** The sync groups (status); read them on the protocol thread. */
    DaemonSync sync() {
        return sync;
    }

    /** The instances' health checks and tracked interfaces (for the control socket and reload). */
    public HealthSupervisor health() {
        return health;
    }

    /** Whether an interface is up and running now; false when missing or unreadable. */
    private boolean linkUpByName(String ifname) {
        try {
            Link l = rtnl.link(ifname);
            return l != null && l.isUp() && l.isRunning();
        } catch (NetlinkException | RuntimeException e) {
            return false;
        }
    }

    VrrpdConfig config() {
        return config;
    }

    /** The configuration in force (the last one applied); read it on the protocol thread. */
    public VrrpdConfig currentConfig() {
        return config;
    }

    String lastConfigError() {
        return lastConfigError;
    }

    void lastConfigError(String error) {
        lastConfigError = error;
    }

    /** Accept_Mode and VRRP guard enforcement (nf_tables); read it on the protocol thread. */
    KernelFilter filter() {
        return filter;
    }

    /** Whether every instance has left Initialize (readiness for systemd). */
    public boolean allJoined() throws IOException {
        return onLoop(() -> drivers.values().stream().allMatch(d -> d.state() != VrrpState.INITIALIZE));
    }

    /**
     * SIGTERM's first act, from the signal's thread: queues every instance's stop on the protocol thread at once
     * (a Master's priority-0 advert is its first action), ahead of the log, the checks and the servers;
     * {@link #close()} then finds them stopped. Returns without waiting.
     */
    public void handOver() {
        if (loop.inEventLoop()) { // the signal was read on the protocol thread (a signalfd): stop right here
            stopInstancesTask.run();
            return;
        }
        try {
            loop.execute(stopInstancesTask);
        } catch (RejectedExecutionException e) {
            LOG.debug("hand-over: the protocol thread is gone: {}", e.getMessage());
        }
    }

    /** Returns once a {@link #handOver()} queued before this call has run on the protocol thread. */
    public void awaitHandOver() {
        try {
            onLoop(() -> null); // the loop runs its tasks in order
        } catch (IOException | RuntimeException e) {
            LOG.debug("hand-over: the protocol thread is gone: {}", e.toString());
        }
    }

    /** Reads the process's signals on the protocol thread (see {@link SignalFdHandle}). */
    public void watchSignals(SignalFdHandle signals) throws IOException {
        try {
            signals.register(loop).sync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while registering the signalfd", e);
        } catch (RuntimeException e) {
            throw new IOException("cannot watch the signalfd: " + e.getMessage(), e);
        }
    }

    private void stopInstances() {
        for (InstanceDriver d : drivers.values()) {
            try {
                d.stop();
            } catch (RuntimeException e) {
                LOG.warn("{}: stopping failed: {}", d.config().name(), e.toString());
            }
        }
    }

    /**
     * Graceful stop: priority-0 adverts from every Master, VIPs removed, then the checks stopped and the sockets
     * closed. Idempotent.
     */
    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            onLoop(() -> {
                stopInstances(); // first: the priority-0 adverts wait for nothing else
                health.close();
                filter.close(); // after every instance removed its VIPs
                if (subscriptionRegistration != null) {
                    subscriptionRegistration.cancel();
                }
                return null;
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("stopping instances: {}", e.toString());
        }
        processExits.close(); // after the checks that watched through it
        transport.close();
        try {
            if (subscription != null) {
                subscription.close();
            }
            rtnl.close();
        } catch (NetlinkException e) {
            LOG.debug("closing rtnetlink: {}", e.getMessage());
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
