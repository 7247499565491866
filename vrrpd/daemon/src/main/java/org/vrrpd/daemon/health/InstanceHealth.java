package org.vrrpd.daemon.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vrrpd.check.runtime.CheckListener;
import org.vrrpd.check.runtime.CheckScheduler;
import org.vrrpd.check.runtime.CheckStatus;
import org.vrrpd.check.runtime.ScheduledCheck;
import org.vrrpd.config.CheckSpec;
import org.vrrpd.config.TrackedFile;
import org.vrrpd.config.TrackedInterface;
import org.vrrpd.daemon.track.InstanceTracking;
import org.vrrpd.daemon.track.PriorityBreakdown;
import org.vrrpd.daemon.track.Tracked;
import org.vrrpd.status.CheckReport;

/**
 * One instance's health: its checks' scheduler and its tracked interfaces, reported as {@link Tracked} states to
 * the instance's {@link InstanceTracking}, whose tracker turns them (with the instance's own link and maintenance)
 * into the effective priority and the fault set. This class only keeps what the checks reported, for display and
 * for a reload to inherit.
 *
 * <p><b>Threads.</b> The scheduler calls {@link #checkRan} on its own threads; this records the status and
 * reports the check's state to the tracking under this object's lock; the tracking posts one task to the protocol
 * thread when the outcome changed. Check threads never wait for the protocol thread, and the protocol thread
 * never waits for a check. Link changes arrive on the protocol thread and apply at once.
 *
 * <p><b>Reload.</b> A replacement for a running instance may inherit the up/down state of checks whose
 * settings did not change: an inherited state holds until the new check turns up (rise successes) or has failed
 * {@code fall} times in a row — what the old check's hysteresis would have done — so a reload does not drop the
 * priority of a healthy Master while its new checks take their first runs. A check new in the reload inherits the
 * neutral state (up for weight ≤ 0, down for weight &gt; 0: no points, no Fault) the same way. The replacement's
 * {@link #applyNow} replaces the old health's checks and tracked interfaces in the tracker, so a removed check
 * stops counting and its Fault clears.
 */
public final class InstanceHealth implements CheckListener, AutoCloseable {

    /** Makes the scheduler for an instance's checks (production: {@link CheckScheduler#withThreads}). */
    @FunctionalInterface
    public interface SchedulerFactory {
        CheckScheduler create(String instance, List<ScheduledCheck> checks, CheckListener listener);
    }

    /** The configured checks, their type names (for display) and the specs they came from (for reload). */
    public record Checks(List<ScheduledCheck> checks, Map<String, String> typeByName, List<CheckSpec> specs) {
        public Checks {
            checks = List.copyOf(checks);
            typeByName = Map.copyOf(typeByName);
            specs = List.copyOf(specs);
        }
    }

    static final String TRACK = Tracked.INTERFACE_PREFIX;

    private final String instance;
    private final Checks checks;
    private final Map<String, ScheduledCheck> byName = new HashMap<>();
    private final List<TrackedInterface> tracked;
    private final InstanceTracking tracking;
    private final CheckScheduler scheduler;
    private final TrackFiles files;

    // guarded by this
    private final Map<String, CheckStatus> statuses = new LinkedHashMap<>();
    private final Map<String, Boolean> inherited;
    private final Map<String, Boolean> linkUp = new LinkedHashMap<>();
    private PriorityBreakdown current; // the tracking's breakdown as of our last report, for display
    private boolean closed;

    /**
     * @param inherited check name → up, for checks carried over unchanged from a replaced instance; may be empty
     * @param linkUp    the tracked interfaces' current link state (up and running), by name
     * @param tracking  the instance's tracking, which this health reports to
     */
    public InstanceHealth(String instance, Checks checks, List<TrackedInterface> tracked, Map<String, Boolean> linkUp,
                          Map<String, Boolean> inherited, SchedulerFactory factory, InstanceTracking tracking) {
        this(instance, checks, tracked, linkUp, inherited, factory, tracking, List.of(), null);
    }

    /**
     * @param trackFiles the instance's tracked files, read now and again whenever {@code watcher} reports a change
     * @param watcher    the daemon's file watcher; null reads the files once only
     */
    public InstanceHealth(String instance, Checks checks, List<TrackedInterface> tracked, Map<String, Boolean> linkUp,
                          Map<String, Boolean> inherited, SchedulerFactory factory, InstanceTracking tracking,
                          List<TrackedFile> trackFiles, FileWatcher watcher) {
        this.instance = Objects.requireNonNull(instance, "instance");
        this.checks = checks;
        this.tracked = List.copyOf(tracked);
        this.tracking = Objects.requireNonNull(tracking, "tracking");
        this.inherited = new HashMap<>(inherited);
        for (ScheduledCheck c : checks.checks()) {
            byName.put(c.name(), c);
        }
        for (TrackedInterface t : this.tracked) {
            this.linkUp.put(t.name(), linkUp.getOrDefault(t.name(), false));
        }
        this.inherited.keySet().retainAll(byName.keySet());
        this.files = new TrackFiles(instance, trackFiles, watcher, this::fileChanged);
        this.scheduler = checks.checks().isEmpty() ? null : factory.create(instance, checks.checks(), this);
        synchronized (this) {
            if (scheduler != null) {
                for (CheckStatus s : scheduler.statuses()) {
                    statuses.put(s.name(), s);
                }
            }
            current = tracking.breakdown();
        }
    }

    public String instance() {
        return instance;
    }

    /** Starts the checks' first runs. Call after {@link #applyNow()} and the router's start. */
    public void start() {
        if (scheduler != null) {
            scheduler.start();
        }
    }

    /**
     * Puts every check's and tracked interface's state into the tracking, replacing those of a replaced health,
     * and applies the result; protocol thread.
     */
    public void applyNow() {
        synchronized (this) {
            if (closed) {
                return;
            }
            List<Tracked> checkStates = new ArrayList<>();
            for (CheckStatus s : statuses.values()) {
                checkStates.add(checkState(s));
            }
            List<Tracked> links = new ArrayList<>();
            for (TrackedInterface t : tracked) {
                links.add(Tracked.trackedInterface(t.name(), t.weight(), linkUp.get(t.name())));
            }
            current = tracking.replace(Map.of(Tracked.Kind.CHECK, checkStates, Tracked.Kind.INTERFACE, links,
                    Tracked.Kind.FILE, files.current()));
        }
        tracking.applyNow(); // outside our lock: the driver runs the state machine
    }

    /** Each check's up/down state now (for a replacement to inherit). */
    public synchronized Map<String, Boolean> upStates() {
        Map<String, Boolean> m = new HashMap<>();
        for (CheckStatus s : statuses.values()) {
            m.put(s.name(), effectiveUp(s));
        }
        return m;
    }

    /** The checks as configured (for comparing on reload). */
    Checks checks() {
        return checks;
    }

    /** The instance's breakdown now (checks, tracked interfaces, its link and maintenance). */
    public PriorityBreakdown breakdown() {
        return tracking.breakdown();
    }

    @Override
    public void checkRan(CheckStatus status) {
        synchronized (this) {
            if (closed) {
                return;
            }
            statuses.put(status.name(), status);
            current = tracking.report(checkState(status)); // posts to the protocol thread if the outcome changed
        }
    }

    /** A tracked file's value changed (watcher thread): reported like a check's result. */
    private void fileChanged(Tracked t) {
        synchronized (this) {
            if (closed) {
                return;
            }
            current = tracking.report(t); // posts to the protocol thread if the outcome changed
        }
    }

    /** A tracked interface's link went up or down; protocol thread. */
    public void linkChanged(String ifname, boolean up) {
        TrackedInterface t = tracked.stream().filter(i -> i.name().equals(ifname)).findFirst().orElse(null);
        synchronized (this) {
            if (closed || t == null || linkUp.get(ifname) == up) {
                return;
            }
            linkUp.put(ifname, up);
            current = tracking.record(Tracked.trackedInterface(ifname, t.weight(), up));
        }
        tracking.applyNow();
    }

    /** The tracked interfaces' names. */
    public List<String> trackedNames() {
        return tracked.stream().map(TrackedInterface::name).toList();
    }

    public boolean tracks(String ifname) {
        return tracked.stream().anyMatch(t -> t.name().equals(ifname));
    }

    /** Stops the checks; later results are ignored. Leaves the tracking as it is (the router goes too, or a
     *  replacement's {@link #applyNow} replaces what this one reported). */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        files.close();
        if (scheduler != null) {
            scheduler.close(); // outside our lock: the scheduler calls checkRan holding its own
        }
    }

    /** Under the lock: a check's state as the tracker counts it. */
    private Tracked checkState(CheckStatus s) {
        String msg = s.lastResult() == null ? "not run yet" : s.lastResult().message();
        if (inherited.containsKey(s.name())) {
            msg = msg + " (state before the reload kept until this check decides)";
        }
        return Tracked.check(s.name(), s.weight(), effectiveUp(s), msg);
    }

    /** The state a check counts with: its own, or an inherited one until the new hysteresis has decided. */
    private boolean effectiveUp(CheckStatus s) {
        Boolean old = inherited.get(s.name());
        if (old == null) {
            return s.up();
        }
        if (s.up() || s.failures() >= byName.get(s.name()).fall()) {
            inherited.remove(s.name());
            return s.up();
        }
        return old;
    }

    /** One report per check, then one per tracked interface, as {@code vrrpctl checks} shows them. */
    public List<CheckReport> reports() {
        List<CheckStatus> list;
        PriorityBreakdown b;
        Map<String, Boolean> links;
        synchronized (this) {
            list = List.copyOf(statuses.values());
            b = current;
            links = new LinkedHashMap<>(linkUp);
        }
        Map<String, PriorityBreakdown.Contribution> contrib = new HashMap<>();
        b.contributions().forEach(c -> contrib.put(c.source(), c));
        List<CheckReport> out = new ArrayList<>();
        for (CheckStatus s : list) {
            PriorityBreakdown.Contribution c = contrib.get(s.name());
            out.add(new CheckReport(instance, s.name(), checks.typeByName().getOrDefault(s.name(), "?"), c.up(),
                    s.lastResult() == null ? null : s.lastResult().latency().toNanos() / 1e6, s.successes(),
                    s.failures(), s.weight(), c.points(), c.message(),
                    s.lastResult() == null ? Map.of() : s.lastResult().detail(), s.inFlight(), s.lastRun()));
        }
        for (Map.Entry<String, Boolean> l : links.entrySet()) {
            PriorityBreakdown.Contribution c = contrib.get(TRACK + l.getKey());
            out.add(new CheckReport(instance, TRACK + l.getKey(), "interface", l.getValue(), null, 0, 0, c.weight(),
                    c.points(), c.message(), Map.of(), false, null));
        }
        for (Tracked f : files.current()) {
            PriorityBreakdown.Contribution c = contrib.get(f.source());
            if (c != null) {
                out.add(new CheckReport(instance, f.source(), "file", c.up(), null, 0, 0, c.weight(), c.points(),
                        c.message(), Map.of(), false, null));
            }
        }
        return out;
    }
}
