package org.vrrpd.daemon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.config.NotifyConfig;
import org.vrrpd.config.SyncGroupConfig;
import org.vrrpd.config.VrrpdConfig;
import org.vrrpd.daemon.instance.InstanceDriver;
import org.vrrpd.daemon.sync.GroupListener;
import org.vrrpd.daemon.sync.SyncDirective;
import org.vrrpd.daemon.sync.SyncGroup;
import org.vrrpd.daemon.sync.SyncGroups;
import org.vrrpd.daemon.sync.SyncMembers;
import org.vrrpd.daemon.track.Tracked;
import org.vrrpd.fsm.Event;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.status.SyncGroupStatus;

/**
 * The daemon's sync groups ({@code sync_groups:}) wired to its drivers, on the protocol thread: configures the
 * {@link SyncGroups} from the configuration (at start and on every reload), gives each driver its hooks and its
 * siblings' fault inputs, carries out the groups' directives on the drivers, and tells the group listeners
 * (notify) and the status page about every group move.
 */
final class DaemonSync implements SyncMembers {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonSync.class);

    private final Map<String, InstanceDriver> drivers;
    private final Supplier<VrrpdConfig> config;
    private final SyncGroups groups = new SyncGroups(this, this::moved);
    private final List<GroupListener> listeners = new ArrayList<>();
    private final Map<String, Instant> since = new HashMap<>();
    /**
     * Drivers attached but not yet in {@link #drivers} (their {@code start()} is under way, or the batch that
     * starts them). A sibling's change during that time is recorded in their tracking, which their start applies:
     * dropping it left a member in Fault for good when its group-mate recovered while it was starting.
     */
    private final Map<String, InstanceDriver> starting = new HashMap<>();

    DaemonSync(Map<String, InstanceDriver> drivers, Supplier<VrrpdConfig> config) {
        this.drivers = drivers;
        this.config = config;
    }

    void addListener(GroupListener l) {
        listeners.add(l);
    }

    /** Sets the groups of {@code next} (before its instances start or are reconciled). */
    void configure(VrrpdConfig next) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (SyncGroupConfig g : next.syncGroups()) {
            map.put(g.name(), g.members());
        }
        groups.configure(map, name -> drivers.containsKey(name) ? drivers.get(name).state() : null,
                name -> drivers.containsKey(name) && SyncGroups.ownFault(drivers.get(name).tracking().breakdown()));
        since.keySet().retainAll(map.keySet());
        starting.keySet().removeIf(name -> drivers.containsKey(name) || !map.values().stream()
                .anyMatch(members -> members.contains(name)));
    }

    /** Before {@code d} starts: its hooks and its siblings' current fault inputs. */
    void attach(InstanceDriver d) {
        d.syncHooks(groups);
        d.tracking().replace(Map.of(Tracked.Kind.SYNC_MEMBER, groups.inputsFor(d.config().name())));
        if (drivers.get(d.config().name()) != d) {
            starting.put(d.config().name(), d);
        }
    }

    /** After a reload: every running driver's hooks and sibling inputs as the new groups say, applied now. */
    void refreshInputs() {
        for (InstanceDriver d : List.copyOf(drivers.values())) {
            attach(d);
            d.tracking().applyNow();
        }
    }

    /** A driver's transition, after every other listener saw it. */
    void onTransition(InstanceDriver d, VrrpState from, VrrpState to, String reason) {
        groups.onTransition(d.config().name(), from, to, reason);
    }

    private void moved(SyncDirective.GroupMoved m) {
        since.put(m.group(), Instant.now());
        NotifyConfig scripts = config.get().syncGroups().stream().filter(g -> g.name().equals(m.group()))
                .findFirst().map(SyncGroupConfig::notifyScripts).orElse(NotifyConfig.NONE);
        for (GroupListener l : listeners) {
            try {
                l.onGroupMoved(m, scripts);
            } catch (RuntimeException e) {
                LOG.warn("a sync group listener failed: {}", e.toString());
            }
        }
    }

    /** The groups with a member {@code shown}, for {@code vrrpctl status}. */
    List<SyncGroupStatus> status(Predicate<String> shown) {
        List<SyncGroupStatus> out = new ArrayList<>();
        for (SyncGroup g : groups.groups()) {
            if (g.members().stream().noneMatch(shown)) {
                continue;
            }
            List<SyncGroupStatus.Member> members = new ArrayList<>();
            for (String m : g.members()) {
                members.add(new SyncGroupStatus.Member(m, g.memberState(m), g.ownFault(m), g.waitingForGroup(m)));
            }
            out.add(new SyncGroupStatus(g.name(), g.state(), g.reason(), since.get(g.name()), members));
        }
        return out;
    }

    @Override
    public void follow(String target, Tracked input) {
        InstanceDriver d = drivers.get(target);
        if (d != null) {
            starting.remove(target);
            d.tracking().reportNow(input);
            return;
        }
        InstanceDriver s = starting.get(target);
        if (s != null) {
            s.tracking().record(input); // applied by its start(), or by its next report
        }
    }

    @Override
    public void goMaster(String target, String reason) {
        InstanceDriver d = drivers.get(target);
        if (d != null && d.state() == VrrpState.BACKUP) {
            d.handle(new Event.MasterDownTimerFired(), reason);
        }
    }

    @Override
    public void stepDown(String target, String reason) {
        InstanceDriver d = drivers.get(target);
        if (d != null) {
            d.handle(new Event.SyncBackup(reason), reason);
        }
    }
}
