package org.vrrpd.daemon.health;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.host.RemoteCheck;
import org.vrrpd.check.runtime.CheckScheduler;
import org.vrrpd.check.runtime.PluginLoader;
import org.vrrpd.check.runtime.ScheduledCheck;
import org.vrrpd.config.CheckSpec;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.TrackedFile;
import org.vrrpd.config.TrackedInterface;
import org.vrrpd.daemon.track.InstanceTracking;
import org.vrrpd.net.netlink.NetlinkEvent;
import org.vrrpd.status.CheckReport;
import org.vrrpd.status.ChecksView;

/**
 * Every instance's {@link InstanceHealth}, keyed by instance name: built from the configuration when the
 * daemon starts an instance, swapped on reload, fed rtnetlink link events, and read by the control socket
 * ({@code vrrpctl checks}, and the priority breakdown in {@code vrrpctl status}).
 *
 * <p>All methods except {@link #checks} and {@link #plugins} run on the protocol thread.
 */
public final class HealthSupervisor implements ChecksView, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthSupervisor.class);

    private final CheckPlugins plugins;
    private final Predicate<String> linkUp;
    private final InstanceHealth.SchedulerFactory factory;
    private final Map<String, InstanceHealth> byInstance = new ConcurrentHashMap<>();
    private final List<String> order = new CopyOnWriteArrayList<>();
    private volatile PluginPreflight preflight = PluginPreflight.none();
    private final Set<Path> initialisedFiles = ConcurrentHashMap.newKeySet();
    private FileWatcher watcher; // guarded by this; opened with the first tracked file

    /**
     * @param plugins the check types, for reload
     * @param linkUp  whether an interface, by name, is up and running now (false when it is missing)
     * @param factory makes a scheduler per instance
     */
    public HealthSupervisor(CheckPlugins plugins, Predicate<String> linkUp, InstanceHealth.SchedulerFactory factory) {
        this.plugins = plugins;
        this.linkUp = linkUp;
        this.factory = factory;
    }

    /** Production set-up: one timer thread and at most one worker per check, per instance. */
    public HealthSupervisor(CheckPlugins plugins, Predicate<String> linkUp) {
        this(plugins, linkUp, CheckScheduler::withThreads);
    }

    public CheckPlugins plugins() {
        return plugins;
    }

    /**
     * Builds the instance's checks and reports their initial states (every check down until it has risen) to
     * the instance's {@code tracking} before the router starts; call {@link #start} once it runs. Replaces any
     * earlier health of the same name. Throws naming the instance and check when a check's settings are refused.
     */
    public void attach(InstanceConfig ic, InstanceTracking tracking) throws IOException {
        detach(ic.name());
        initialiseTrackFiles(ic);
        InstanceHealth h = build(ic, tracking, Map.of());
        h.applyNow();
        byInstance.put(ic.name(), h);
        order.add(ic.name());
    }

    /** Starts the named instance's checks. */
    public void start(String instance) {
        InstanceHealth h = byInstance.get(instance);
        if (h != null) {
            h.start();
        }
    }

    /**
     * Reload with only checks or tracked interfaces changed: swaps the instance's health without touching its
     * router. Checks whose settings are unchanged keep their up/down state, and new or changed ones count as
     * neutral (no points, no Fault) until they have decided (see {@link InstanceHealth}); removed ones stop
     * counting in the instance's tracking.
     */
    public void replace(InstanceConfig ic, InstanceTracking tracking) throws IOException {
        InstanceHealth old = byInstance.get(ic.name());
        Map<String, Boolean> inherit = new HashMap<>();
        if (old != null) {
            Map<String, Boolean> states = old.upStates();
            for (CheckSpec spec : ic.checks()) {
                if (old.checks().specs().contains(spec) && states.containsKey(spec.name())) {
                    inherit.put(spec.name(), states.get(spec.name()));
                } else if (preflight.passed(ic.name(), spec.name())) {
                    inherit.put(spec.name(), true); // a plugin upgrade whose first run was UP (see preflight)
                } else {
                    // new or changed: neutral until it has decided, so adding a check to a running Master does
                    // not lower its priority (or fault it) for the length of the check's first run
                    inherit.put(spec.name(), spec.config().weight() <= 0);
                }
            }
        }
        InstanceHealth h = build(ic, tracking, inherit);
        if (old != null) {
            old.close();
        }
        h.applyNow();
        byInstance.put(ic.name(), h);
        if (!order.contains(ic.name())) {
            order.add(ic.name());
        }
        h.start();
        LOG.info("{}: checks replaced ({} check(s), {} tracked interface(s))", ic.name(), ic.checks().size(),
                ic.trackInterfaces().size());
    }

    /** Stops the named instance's checks (instance removed or about to be restarted). */
    public void detach(String instance) {
        InstanceHealth h = byInstance.remove(instance);
        order.remove(instance);
        if (h != null) {
            h.close();
        }
    }

    /**
     * Runs the checks of a plugin upgrade once in the new JAR's host, on the caller's (reload) thread, before the
     * reload is applied; throws naming the JAR, the check and the reason when one is refused or DOWN. Until the
     * returned preflight is closed, {@link #replace} starts the checks that passed as UP.
     */
    public PluginPreflight preflight(CheckPlugins.Refresh refresh, List<InstanceConfig> instances)
            throws IOException {
        PluginPreflight p = PluginPreflight.run(plugins, refresh, instances);
        p.onClose(() -> preflight = PluginPreflight.none());
        preflight = p;
        return p;
    }

    /** Creates (and closes again) every check of these instances: a reload is refused before changing anything. */
    public void validate(List<InstanceConfig> instances) throws IOException {
        for (InstanceConfig ic : instances) {
            for (CheckSpec spec : ic.checks()) {
                create(ic, spec).close();
            }
        }
    }

    /**
     * Creates and closes every check of these instances as the daemon's start does, plugin checks with their
     * plugin's factory ({@code vrrpd config check}); the problems, one sentence each, empty when all build.
     */
    public static List<String> buildProblems(List<InstanceConfig> instances) {
        List<String> problems = new ArrayList<>();
        for (InstanceConfig ic : instances) {
            for (CheckSpec spec : ic.checks()) {
                try {
                    Check check = create(ic, spec);
                    try {
                        ScheduledCheck.of(spec.type(), spec.config(), check);
                    } catch (CheckConfigException e) {
                        problems.add("instance '" + ic.name() + "': check '" + spec.name() + "': " + e.getMessage());
                    } finally {
                        check.close();
                    }
                } catch (IOException | RuntimeException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        return problems;
    }

    /**
     * Creates every plugin check of these instances in its own plugin host, as the daemon would run it, and
     * stops the hosts again; the refusals, one sentence each ({@code vrrpd config check}).
     */
    public static List<String> hostProblems(List<InstanceConfig> instances, CheckPlugins plugins) {
        List<String> problems = new ArrayList<>();
        Map<String, RemoteCheck> made = new LinkedHashMap<>();
        try {
            for (InstanceConfig ic : instances) {
                for (CheckSpec spec : ic.checks()) {
                    Optional<Path> jar = plugins.hostJarOf(spec.factory());
                    if (jar.isPresent()) {
                        String what = "instance '" + ic.name() + "': check '" + spec.name() + "' (" + spec.type() + ")";
                        made.put(what, plugins.hosts().check(jar.get(), spec.type(), spec.source(),
                                ic.name() + "/" + spec.name()));
                    }
                }
            }
            for (Map.Entry<String, RemoteCheck> e : made.entrySet()) {
                RemoteCheck rc = e.getValue();
                try {
                    String error = rc.host().creation(rc.id()).get(PluginPreflight.HOST_START.toSeconds(),
                            TimeUnit.SECONDS);
                    if (!error.isEmpty()) {
                        problems.add(e.getKey() + " refused in its plugin host: " + error);
                    }
                } catch (TimeoutException | ExecutionException ex) {
                    String why = rc.host().downReason();
                    problems.add(e.getKey() + ": its plugin host did not answer within "
                            + PluginPreflight.HOST_START.toSeconds() + "s" + (why == null ? "" : ": " + why));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    problems.add(e.getKey() + ": interrupted");
                }
            }
        } finally {
            made.values().forEach(RemoteCheck::close);
            plugins.closeHosts();
        }
        return problems;
    }

    /** Feeds an rtnetlink event to the instances tracking that interface. */
    public void linkEvent(NetlinkEvent e) {
        if (e instanceof NetlinkEvent.LinkChanged lc) {
            forTracking(lc.name(), h -> h.linkChanged(lc.name(), lc.up() && lc.running()));
        } else if (e instanceof NetlinkEvent.LinkRemoved lr) {
            forTracking(lr.name(), h -> h.linkChanged(lr.name(), false));
        } else if (e instanceof NetlinkEvent.ResyncNeeded) {
            for (InstanceHealth h : byInstance.values()) {
                for (String ifname : h.trackedNames()) {
                    h.linkChanged(ifname, linkUp.test(ifname));
                }
            }
        }
    }

    private void forTracking(String ifname, Consumer<InstanceHealth> action) {
        if (ifname == null) {
            return;
        }
        for (InstanceHealth h : byInstance.values()) {
            if (h.tracks(ifname)) {
                action.accept(h);
            }
        }
    }

    /** The health of an instance, if it has any. */
    public InstanceHealth health(String instance) {
        return byInstance.get(instance);
    }

    @Override
    public List<CheckReport> checks(String instanceOrNull) {
        List<CheckReport> out = new ArrayList<>();
        for (String name : order) {
            InstanceHealth h = byInstance.get(name);
            if (h != null && (instanceOrNull == null || instanceOrNull.equals(name))) {
                out.addAll(h.reports());
            }
        }
        return out;
    }

    /** Stops every instance's checks and the plugin hosts. */
    @Override
    public void close() {
        for (String name : List.copyOf(byInstance.keySet())) {
            detach(name);
        }
        plugins.closeHosts();
        synchronized (this) {
            if (watcher != null) {
                watcher.close();
            }
        }
    }

    /** keepalived's init_file, once per file and daemon run (a reload never overwrites a tracked file). */
    private void initialiseTrackFiles(InstanceConfig ic) {
        List<TrackedFile> fresh = ic.trackOptions().files().stream()
                .filter(f -> initialisedFiles.add(f.file())).toList();
        TrackFiles.initialise(ic.name(), fresh);
    }

    /** The daemon's one file watcher, opened for the first instance with tracked files; null when none. */
    private synchronized FileWatcher fileWatcher(InstanceConfig ic) {
        if (watcher == null && !ic.trackOptions().files().isEmpty()) {
            try {
                watcher = FileWatcher.open();
            } catch (IOException e) {
                LOG.error("{}: cannot watch tracked files ({}): their values are read at start only", ic.name(),
                        e.toString());
            }
        }
        return watcher;
    }

    private InstanceHealth build(InstanceConfig ic, InstanceTracking tracking, Map<String, Boolean> inherit)
            throws IOException {
        List<ScheduledCheck> list = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        try {
            for (CheckSpec spec : ic.checks()) {
                Check check = runnable(ic, spec);
                try {
                    list.add(ScheduledCheck.of(spec.type(), spec.config(), check));
                } catch (CheckConfigException e) {
                    check.close();
                    throw new IOException("instance '" + ic.name() + "': check '" + spec.name() + "': "
                            + e.getMessage(), e);
                }
                types.put(list.get(list.size() - 1).name(), spec.type());
            }
        } catch (IOException e) {
            list.forEach(c -> c.check().close());
            throw e;
        }
        Map<String, Boolean> links = new HashMap<>();
        for (TrackedInterface t : ic.trackInterfaces()) {
            links.put(t.name(), linkUp.test(t.name()));
        }
        return new InstanceHealth(ic.name(), new InstanceHealth.Checks(list, types, ic.checks()),
                ic.trackInterfaces(), links, inherit, factory, tracking, ic.trackOptions().files(),
                fileWatcher(ic));
    }

    /**
     * The check the scheduler runs: a built-in check itself; for a plugin type, the factory's check is created here
     * only to validate the settings and closed again, and the check that runs is a {@link
     * org.vrrpd.check.host.RemoteCheck} whose runs happen in the JAR's plugin host process.
     */
    private Check runnable(InstanceConfig ic, CheckSpec spec) throws IOException {
        Optional<Path> jar = plugins.hostJarOf(spec.factory());
        if (jar.isEmpty()) {
            return create(ic, spec);
        }
        create(ic, spec).close();
        return plugins.hosts().check(jar.get(), spec.type(), spec.source(), ic.name() + "/" + spec.name());
    }

    private static Check create(InstanceConfig ic, CheckSpec spec) throws IOException {
        try {
            return spec.create();
        } catch (CheckConfigException e) {
            throw new IOException("instance '" + ic.name() + "': check '" + spec.name() + "' (" + spec.type()
                    + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("instance '" + ic.name() + "': check '" + spec.name() + "' (" + spec.type()
                    + ") cannot be created: " + PluginLoader.withCauses(e), e);
        }
    }
}
