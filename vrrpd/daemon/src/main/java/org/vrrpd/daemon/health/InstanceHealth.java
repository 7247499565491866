package org.vrrpd.daemon.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.vrrpd.check.runtime.CheckListener;
import org.vrrpd.check.runtime.CheckScheduler;
import org.vrrpd.check.runtime.CheckStatus;
import org.vrrpd.check.runtime.PriorityBreakdown;
import org.vrrpd.check.runtime.ScheduledCheck;
import org.vrrpd.config.CheckSpec;
import org.vrrpd.config.TrackedInterface;

/**
 * One instance's health: its checks' scheduler and its tracked interfaces, folded into one
 * {@link PriorityBreakdown} (keepalived's weights; weight 0 means Fault while down) that is handed to the
 * instance's {@link HealthTarget} on the protocol thread.
 *
 * <p><b>Threads.</b> The scheduler calls {@link #checkRan} on its own threads; this only records the status,
 * recomputes the breakdown under this object's lock and, when the outcome changed, posts one task to the
 * protocol thread, which applies the newest breakdown. Check threads never wait for the protocol thread, and
 * the protocol thread never waits for a check. Link changes arrive on the protocol thread and apply at once.
 *
 * <p><b>Reload.</b> A replacement for a running instance may inherit the up/down state of checks whose
 * settings did not change: an inherited state holds until the new check turns up (rise successes) or has failed
 * {@code fall} times in a row — what the old check's hysteresis would have done — so a reload does not drop the
 * priority of a healthy Master while its new checks take their first runs. A check new in the reload inherits the
 * neutral state (up for weight ≤ 0, down for weight &gt; 0: no points, no Fault) the same way.
 */
public final class InstanceHealth implements CheckListener, AutoCloseable {

    /** Makes the scheduler for an instance's checks (production: {@link CheckScheduler#withThreads}). */
    @FunctionalInterface
    public interface SchedulerFactory {
        CheckScheduler create(String instance, int basePriority, List<ScheduledCheck> checks, CheckListener listener);
    }

    /** The configured checks, their type names (for display) and the specs they came from (for reload). */
    public record Checks(List<ScheduledCheck> checks, Map<String, String> typeByName, List<CheckSpec> specs) {
        public Checks {
            checks = List.copyOf(checks);
            typeByName = Map.copyOf(typeByName);
            specs = List.copyOf(specs);
        }
    }

    private final String instance;
    private final int basePriority;
    private final Checks checks;
    private final Map<String, ScheduledCheck> byName = new HashMap<>();
    private final List<TrackedInterface> tracked;
    private final Executor protocolThread;
    private final HealthTarget target;
    private final CheckScheduler scheduler;

    // guarded by this
    private final Map<String, CheckStatus> statuses = new LinkedHashMap<>();
    private final Map<String, Boolean> inherited;
    private final Map<String, Boolean> linkUp = new LinkedHashMap<>();
    private PriorityBreakdown current;
    private PriorityBreakdown posted;
    private boolean closed;

    // protocol thread only
    private Map<String, String> appliedFaults = new LinkedHashMap<>();

    /**
     * @param inherited check name → up, for checks carried over unchanged from a replaced instance; may be empty
     * @param linkUp    the tracked interfaces' current link state (up and running), by name
     */
    public InstanceHealth(String instance, int basePriority, Checks checks, List<TrackedInterface> tracked,
                          Map<String, Boolean> linkUp, Map<String, Boolean> inherited, SchedulerFactory factory,
                          Executor protocolThread, HealthTarget target) {
        this.instance = Objects.requireNonNull(instance, "instance");
        this.basePriority = basePriority;
        this.checks = checks;
        this.tracked = List.copyOf(tracked);
        this.protocolThread = Objects.requireNonNull(protocolThread, "protocolThread");
        this.target = Objects.requireNonNull(target, "target");
        this.inherited = new HashMap<>(inherited);
        for (ScheduledCheck c : checks.checks()) {
            byName.put(c.name(), c);
        }
        for (TrackedInterface t : this.tracked) {
            this.linkUp.put(t.name(), linkUp.getOrDefault(t.name(), false));
        }
        this.inherited.keySet().retainAll(byName.keySet());
        this.scheduler = checks.checks().isEmpty() ? null
                : factory.create(instance, basePriority, checks.checks(), this);
        if (scheduler != null) {
            for (CheckStatus s : scheduler.statuses()) {
                statuses.put(s.name(), s);
            }
        }
        synchronized (this) {
            current = compute();
            posted = current;
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

    /** Applies the current breakdown to the target now; protocol thread. */
    public void applyNow() {
        PriorityBreakdown b;
        synchronized (this) {
            if (closed) {
                return;
            }
            b = current;
            posted = b;
        }
        apply(b);
    }

    /** Takes over the Fault sources a replaced instance raised, so that stale ones are cleared. */
    void adoptFaults(Map<String, String> faults) {
        appliedFaults = new LinkedHashMap<>(faults);
    }

    /** The Fault sources raised on the target so far; protocol thread. */
    Map<String, String> appliedFaults() {
        return Map.copyOf(appliedFaults);
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

    /** The current breakdown. */
    public synchronized PriorityBreakdown breakdown() {
        return current;
    }

    @Override
    public void priorityChanged(PriorityBreakdown breakdown) {
        // Ours is computed from the statuses (with inherited states and tracked interfaces); see checkRan.
    }

    @Override
    public void checkRan(CheckStatus status) {
        synchronized (this) {
            if (closed) {
                return;
            }
            statuses.put(status.name(), status);
            recomputeAndPost();
        }
    }

    /** A tracked interface's link went up or down; protocol thread. */
    public void linkChanged(String ifname, boolean up) {
        synchronized (this) {
            if (closed || !linkUp.containsKey(ifname) || linkUp.get(ifname) == up) {
                return;
            }
            linkUp.put(ifname, up);
            current = compute();
            posted = current;
        }
        applyNow();
    }

    /** The tracked interfaces' names. */
    public List<String> trackedNames() {
        return tracked.stream().map(TrackedInterface::name).toList();
    }

    public boolean tracks(String ifname) {
        return tracked.stream().anyMatch(t -> t.name().equals(ifname));
    }

    /** Stops the checks; later results are ignored. Does not clear Fault sources (the router goes too, or a
     *  replacement adopts them). */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (scheduler != null) {
            scheduler.close(); // outside our lock: the scheduler calls checkRan holding its own
        }
    }

    private void recomputeAndPost() {
        current = compute();
        if (!current.sameOutcome(posted)) {
            posted = current;
            protocolThread.execute(this::applyLatest);
        }
    }

    private void applyLatest() {
        PriorityBreakdown b;
        synchronized (this) {
            if (closed) {
                return;
            }
            b = current;
        }
        apply(b);
    }

    private void apply(PriorityBreakdown b) {
        Map<String, String> faults = faults(b);
        target.priorityChanged(b.effective());
        for (Map.Entry<String, String> f : faults.entrySet()) {
            if (!f.getValue().equals(appliedFaults.get(f.getKey()))) {
                target.faultSource(f.getKey(), f.getValue());
            }
        }
        for (String old : appliedFaults.keySet()) {
            if (!faults.containsKey(old)) {
                target.faultSource(old, null);
            }
        }
        appliedFaults = faults;
    }

    private Map<String, String> faults(PriorityBreakdown b) {
        Map<String, String> out = new LinkedHashMap<>();
        for (PriorityBreakdown.Contribution c : b.contributions()) {
            if (c.weight() == 0 && !c.up()) {
                if (c.check().startsWith(TRACK)) {
                    out.put(c.check(), "tracked interface " + c.check().substring(TRACK.length()) + " is down");
                } else {
                    out.put("check:" + c.check(), "check '" + c.check() + "' is down"
                            + (c.message().isEmpty() ? "" : ": " + c.message()));
                }
            }
        }
        return out;
    }

    static final String TRACK = "track:";

    /** Under the lock. */
    private PriorityBreakdown compute() {
        List<PriorityBreakdown.Input> in = new ArrayList<>();
        for (CheckStatus s : statuses.values()) {
            String msg = s.lastResult() == null ? "not run yet" : s.lastResult().message();
            if (inherited.containsKey(s.name())) {
                msg = msg + " (state before the reload kept until this check decides)";
            }
            in.add(new PriorityBreakdown.Input(s.name(), s.weight(), effectiveUp(s), msg));
        }
        for (TrackedInterface t : tracked) {
            boolean up = linkUp.get(t.name());
            in.add(new PriorityBreakdown.Input(TRACK + t.name(), t.weight(), up, up ? "link up" : "link down"));
        }
        return PriorityBreakdown.compute(basePriority, in);
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

    /** Adds one JSON object per check and tracked interface to {@code out}, as {@code vrrpctl checks} shows. */
    public void json(ArrayNode out) {
        List<CheckStatus> list;
        PriorityBreakdown b;
        Map<String, Boolean> links;
        synchronized (this) {
            list = List.copyOf(statuses.values());
            b = current;
            links = new LinkedHashMap<>(linkUp);
        }
        Map<String, PriorityBreakdown.Contribution> contrib = new HashMap<>();
        b.contributions().forEach(c -> contrib.put(c.check(), c));
        for (CheckStatus s : list) {
            PriorityBreakdown.Contribution c = contrib.get(s.name());
            ObjectNode n = out.addObject();
            n.put("instance", instance);
            n.put("name", s.name());
            n.put("type", checks.typeByName().getOrDefault(s.name(), "?"));
            n.put("up", c.up());
            if (s.lastResult() != null) {
                n.put("latencyMs", s.lastResult().latency().toNanos() / 1e6);
            } else {
                n.putNull("latencyMs");
            }
            n.put("consecutiveOk", s.successes());
            n.put("consecutiveFail", s.failures());
            n.put("weight", s.weight());
            n.put("delta", c.points());
            n.put("message", c.message());
            ObjectNode detail = n.putObject("detail"); // the check's own key/values from its last result
            if (s.lastResult() != null) {
                new TreeMap<>(s.lastResult().detail()).forEach(detail::put);
            }
            n.put("inFlight", s.inFlight());
            if (s.lastRun() != null) {
                n.put("lastRun", s.lastRun().toString());
            } else {
                n.putNull("lastRun");
            }
        }
        for (Map.Entry<String, Boolean> l : links.entrySet()) {
            PriorityBreakdown.Contribution c = contrib.get(TRACK + l.getKey());
            ObjectNode n = out.addObject();
            n.put("instance", instance);
            n.put("name", TRACK + l.getKey());
            n.put("type", "interface");
            n.put("up", l.getValue());
            n.putNull("latencyMs");
            n.put("consecutiveOk", 0);
            n.put("consecutiveFail", 0);
            n.put("weight", c.weight());
            n.put("delta", c.points());
            n.put("message", c.message());
            n.put("inFlight", false);
            n.putNull("lastRun");
        }
    }
}
