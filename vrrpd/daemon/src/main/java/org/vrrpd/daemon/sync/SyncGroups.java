package org.vrrpd.daemon.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.daemon.instance.SyncHooks;
import org.vrrpd.daemon.track.PriorityBreakdown;
import org.vrrpd.daemon.track.Tracked;
import org.vrrpd.fsm.VrrpState;

/**
 * The daemon's sync groups on the protocol thread: routes each member's events to its {@link SyncGroup} and
 * carries out the directives through {@link SyncMembers}, one at a time and in order. A directive's own
 * consequences (a sibling's transition) arrive here re-entrantly; they are queued behind the current ones
 * rather than run inside them, so every member sees the events in the order they happened.
 */
public final class SyncGroups implements SyncHooks {

    private static final Logger LOG = LoggerFactory.getLogger(SyncGroups.class);

    /** The source prefix of the inputs this class reports ({@link Tracked#source()} of a sync member). */
    private static final String SYNC_SOURCE = "sync:";

    private final SyncMembers members;
    private final Consumer<SyncDirective.GroupMoved> moved;
    private final Map<String, SyncGroup> byName = new LinkedHashMap<>();
    private final Map<String, SyncGroup> byMember = new LinkedHashMap<>();
    private final Deque<SyncDirective> queue = new ArrayDeque<>();
    private boolean draining;

    /** @param moved told about each group move (notify scripts, FIFO, history), after the member's own */
    public SyncGroups(SyncMembers members, Consumer<SyncDirective.GroupMoved> moved) {
        this.members = Objects.requireNonNull(members, "members");
        this.moved = Objects.requireNonNull(moved, "moved");
    }

    /**
     * Sets the groups ({@code name -> members}, in configuration order). A group whose members are unchanged
     * keeps its state; a new or changed one starts from its members' current state ({@code stateOf},
     * {@code ownFaultOf}; null state for a member not running yet). The caller then hands every running
     * instance its {@link #inputsFor inputs} again.
     */
    public void configure(Map<String, List<String>> groups, Function<String, VrrpState> stateOf,
                          Function<String, Boolean> ownFaultOf) {
        Map<String, SyncGroup> next = new LinkedHashMap<>();
        groups.forEach((name, list) -> {
            SyncGroup old = byName.get(name);
            if (old != null && old.members().equals(list)) {
                next.put(name, old);
                return;
            }
            SyncGroup g = new SyncGroup(name, list);
            for (String m : list) {
                VrrpState s = stateOf.apply(m);
                g.ownFaultChanged(m, Boolean.TRUE.equals(ownFaultOf.apply(m)));
                if (s != null && s != VrrpState.INITIALIZE) {
                    g.transition(m, VrrpState.INITIALIZE, s, "joined the group");
                }
            }
            next.put(name, g);
        });
        byName.clear();
        byName.putAll(next);
        byMember.clear();
        next.values().forEach(g -> g.members().forEach(m -> byMember.put(m, g)));
    }

    /** The groups, in configuration order. */
    public Collection<SyncGroup> groups() {
        return List.copyOf(byName.values());
    }

    /** The group {@code instance} belongs to, if any. */
    public SyncGroup groupOf(String instance) {
        return byMember.get(instance);
    }

    /** The sibling fault inputs {@code instance}'s tracking must hold now (empty outside a group). */
    public List<Tracked> inputsFor(String instance) {
        SyncGroup g = byMember.get(instance);
        List<Tracked> out = new ArrayList<>();
        if (g != null) {
            for (String m : g.members()) {
                if (!m.equals(instance)) {
                    out.add(Tracked.syncMember(m, 0, !g.ownFault(m)));
                }
            }
        }
        return out;
    }

    /** Whether a breakdown has a fault cause of the instance's own, the group's inputs left out. */
    public static boolean ownFault(PriorityBreakdown b) {
        for (PriorityBreakdown.Contribution c : b.contributions()) {
            if (c.weight() == 0 && !c.up() && !c.source().startsWith(SYNC_SOURCE)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean mayBecomeMaster(String instance) {
        SyncGroup g = byMember.get(instance);
        if (g == null || g.mayBecomeMaster(instance)) {
            return true;
        }
        LOG.info("{}: master down timer expired; waiting in BACKUP until every member of sync group {} wants"
                + " MASTER", instance, g.name());
        return false;
    }

    @Override
    public void masterWishWithdrawn(String instance) {
        SyncGroup g = byMember.get(instance);
        if (g != null) {
            g.masterWishWithdrawn(instance);
        }
    }

    @Override
    public void trackingApplied(String instance, PriorityBreakdown breakdown) {
        SyncGroup g = byMember.get(instance);
        if (g != null) {
            run(g.ownFaultChanged(instance, ownFault(breakdown)));
        }
    }

    /** A member's transition (after every other listener saw it). */
    public void onTransition(String instance, VrrpState from, VrrpState to, String reason) {
        SyncGroup g = byMember.get(instance);
        if (g != null) {
            run(g.transition(instance, from, to, reason));
        }
    }

    private void run(List<SyncDirective> directives) {
        queue.addAll(directives);
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!queue.isEmpty()) {
                perform(queue.poll());
            }
        } finally {
            draining = false;
        }
    }

    private void perform(SyncDirective d) {
        try {
            if (d instanceof SyncDirective.Follow f) {
                members.follow(f.target(), Tracked.syncMember(f.member(), 0, !f.memberFaulted()));
            } else if (d instanceof SyncDirective.GoMaster m) {
                members.goMaster(m.target(), m.reason());
            } else if (d instanceof SyncDirective.StepDown s) {
                members.stepDown(s.target(), s.reason());
            } else if (d instanceof SyncDirective.GroupMoved g) {
                LOG.info("sync group {}: {} -> {} ({})", g.group(), g.from(), g.to(), g.reason());
                moved.accept(g);
            }
        } catch (RuntimeException e) {
            LOG.warn("sync group directive {} failed: {}", d, e.toString());
        }
    }
}
