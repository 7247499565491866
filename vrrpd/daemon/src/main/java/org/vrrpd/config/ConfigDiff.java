package org.vrrpd.config;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a live reload has to do: instances matched by name between the running and the new configuration.
 *
 * <ul>
 *   <li>{@link #unchanged}: every protocol-relevant setting is equal, so the router keeps running without a
 *       state change. Some of these may still have new checks, tracked interfaces or notify scripts; they are
 *       also listed in {@link #supervisionChanged} so the daemon can swap those without touching the router.</li>
 *   <li>{@link #changed}: a protocol-relevant setting differs; {@link Change#aspects()} says which.
 *       {@link Change#needsNewRouter()} is true when the router's identity (interface, VRID, version, family)
 *       changed, which means stopping the old router (priority 0) and starting a new one.</li>
 *   <li>{@link #added}, {@link #removed}: by name.</li>
 * </ul>
 */
public record ConfigDiff(List<InstanceConfig> unchanged, List<Change> changed, List<InstanceConfig> added,
        List<InstanceConfig> removed, List<Change> supervisionChanged, boolean globalChanged) {

    /** The parts of an instance that can differ. The first group is protocol-relevant. */
    public enum Aspect {
        /** interface, vrid, version or family. */
        IDENTITY,
        PRIORITY,
        /** advert_interval. */
        TIMERS,
        /** vips, excluded_vips, virtual_routes and virtual_rules. */
        ADDRESSES,
        /** preempt, preempt_delay, accept_mode, preflight. */
        ELECTION,
        /** checksum, unicast_source, unicast_peers, authentication, track_primary. */
        TRANSPORT,
        /** garp_*, fast_takeover and step_down_announce. */
        ANNOUNCEMENT,
        /** checks (not protocol-relevant). */
        CHECKS,
        /** track_interfaces and track_files (not protocol-relevant). */
        TRACKING,
        /** notify scripts (not protocol-relevant). */
        NOTIFY;

        public boolean protocolRelevant() {
            return ordinal() <= ANNOUNCEMENT.ordinal();
        }
    }

    /** One instance present in both configurations with differing settings. */
    public record Change(InstanceConfig before, InstanceConfig after, Set<Aspect> aspects) {

        public Change {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
            aspects = Set.copyOf(aspects);
        }

        /**
         * Whether the running router must be replaced (priority 0 from a Master, then a new router): its identity
         * (interface, VRID, version, family) changed, it became or stopped being the address owner, or its
         * virtual MAC interface changed (including unicast peers of a virtual MAC router, whose socket lives on
         * the macvlan). Everything else applies in place, without a state change.
         */
        public boolean needsNewRouter() {
            return aspects.contains(Aspect.IDENTITY) || before.isOwner() != after.isOwner()
                    || !before.vmacInterface().equals(after.vmacInterface())
                    || (after.vmac() && !before.unicastPeers().equals(after.unicastPeers()));
        }

        public String name() {
            return after.name();
        }
    }

    public ConfigDiff {
        unchanged = List.copyOf(unchanged);
        changed = List.copyOf(changed);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        supervisionChanged = List.copyOf(supervisionChanged);
    }

    /** Compares two configurations; instances are matched by name. */
    public static ConfigDiff between(VrrpdConfig before, VrrpdConfig after) {
        Map<String, InstanceConfig> old = before.instances().stream()
                .collect(Collectors.toMap(InstanceConfig::name, Function.identity()));
        Map<String, InstanceConfig> now = after.instances().stream()
                .collect(Collectors.toMap(InstanceConfig::name, Function.identity()));
        List<InstanceConfig> unchanged = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        List<Change> supervision = new ArrayList<>();
        List<InstanceConfig> added = new ArrayList<>();
        for (InstanceConfig next : after.instances()) {
            InstanceConfig prev = old.get(next.name());
            if (prev == null) {
                added.add(next);
                continue;
            }
            Set<Aspect> aspects = aspects(prev, next);
            if (aspects.stream().anyMatch(Aspect::protocolRelevant)) {
                changed.add(new Change(prev, next, aspects));
            } else {
                unchanged.add(next);
                if (!aspects.isEmpty()) {
                    supervision.add(new Change(prev, next, aspects));
                }
            }
        }
        List<InstanceConfig> removed = before.instances().stream().filter(i -> !now.containsKey(i.name())).toList();
        return new ConfigDiff(unchanged, changed, added, removed, supervision,
                !before.global().equals(after.global()));
    }

    /**
     * The {@code global:} keys (as spelled in the file) whose values differ between {@code a} and {@code b}, in
     * the order of the section: what a reload has to apply or report.
     */
    public static List<String> globalKeys(GlobalConfig a, GlobalConfig b) {
        List<String> out = new ArrayList<>();
        if (!a.controlSocket().equals(b.controlSocket())) {
            out.add("control_socket");
        }
        if (!a.adminGroup().equals(b.adminGroup())) {
            out.add("admin_group");
        }
        if (!a.metrics().equals(b.metrics())) {
            out.add("metrics");
        }
        if (!a.pluginDir().equals(b.pluginDir())) {
            out.add("plugin_dir");
        }
        if (!a.scriptUser().equals(b.scriptUser())) {
            out.add("script_user");
        }
        if (!a.notifyFifo().equals(b.notifyFifo())) {
            out.add("notify_fifo");
        }
        if (a.logLevel() != b.logLevel()) {
            out.add("log_level");
        }
        if (!a.pluginHost().equals(b.pluginHost())) {
            out.add("plugin_host");
        }
        if (a.vrrpGuard() != b.vrrpGuard()) {
            out.add("vrrp_guard");
        }
        return out;
    }

    /** True when nothing at all has to be done. */
    public boolean isEmpty() {
        return changed.isEmpty() && added.isEmpty() && removed.isEmpty() && supervisionChanged.isEmpty()
                && !globalChanged;
    }

    static Set<Aspect> aspects(InstanceConfig a, InstanceConfig b) {
        Set<Aspect> out = protocolAspects(a, b);
        if (!a.checks().equals(b.checks())) {
            out.add(Aspect.CHECKS);
        }
        if (!a.trackInterfaces().equals(b.trackInterfaces())
                || !a.trackOptions().files().equals(b.trackOptions().files())) {
            out.add(Aspect.TRACKING);
        }
        if (!a.notifyScripts().equals(b.notifyScripts())) {
            out.add(Aspect.NOTIFY);
        }
        return out;
    }

    static Set<Aspect> protocolAspects(InstanceConfig a, InstanceConfig b) {
        Set<Aspect> out = EnumSet.noneOf(Aspect.class);
        if (!a.interfaceName().equals(b.interfaceName()) || a.vrid() != b.vrid() || a.version() != b.version()
                || a.family() != b.family()) {
            out.add(Aspect.IDENTITY);
        }
        if (a.priority() != b.priority()) {
            out.add(Aspect.PRIORITY);
        }
        if (!a.advertInterval().equals(b.advertInterval())) {
            out.add(Aspect.TIMERS);
        }
        if (!a.virtualAddresses().equals(b.virtualAddresses()) || !a.excludedAddresses().equals(b.excludedAddresses())
                || !a.routing().equals(b.routing())) {
            out.add(Aspect.ADDRESSES);
        }
        if (a.preempt() != b.preempt() || !a.preemptDelay().equals(b.preemptDelay())
                || a.acceptMode() != b.acceptMode() || !a.preflight().equals(b.preflight())) {
            out.add(Aspect.ELECTION);
        }
        if (a.checksumMode() != b.checksumMode() || !a.unicastSource().equals(b.unicastSource())
                || !a.unicastPeers().equals(b.unicastPeers()) || !a.vmacInterface().equals(b.vmacInterface())
                || !a.authentication().equals(b.authentication())
                || a.trackOptions().trackPrimary() != b.trackOptions().trackPrimary()) {
            out.add(Aspect.TRANSPORT);
        }
        if (!a.garp().equals(b.garp()) || a.fastTakeover() != b.fastTakeover()
                || a.stepDownAnnounce() != b.stepDownAnnounce()) {
            out.add(Aspect.ANNOUNCEMENT);
        }
        return out;
    }
}
