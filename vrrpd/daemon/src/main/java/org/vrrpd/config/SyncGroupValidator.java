package org.vrrpd.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns {@code sync_groups:} into {@link SyncGroupConfig}s (names, members, notify scripts, group tracking,
 * {@code tracking_weight}), every problem at its key; then merges each group's checks and tracked interfaces
 * into its members, with keepalived's rule that without {@code tracking_weight} every weight in a group is 0.
 */
final class SyncGroupValidator {

    private final Findings findings;
    private final ConfigMapper mapper;
    private final CheckTypes types;
    private final Map<String, String> pointers = new HashMap<>(); // group name -> its entry

    SyncGroupValidator(Findings findings, ConfigMapper mapper, CheckTypes types) {
        this.findings = findings;
        this.mapper = mapper;
        this.types = types;
    }

    List<SyncGroupConfig> validate(JsonNode list, JsonNode instanceNodes, List<InstanceConfig> instances) {
        List<SyncGroupConfig> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            findings.error("/sync_groups", "sync_groups: expected a list of groups");
            return out;
        }
        Set<String> known = new HashSet<>(); // as written: an instance with errors of its own is still known
        instances.forEach(i -> known.add(i.name()));
        for (JsonNode i : instanceNodes) {
            if (i.path("name").isTextual()) {
                known.add(i.path("name").asText());
            }
        }
        Map<String, String> groupNames = new HashMap<>();
        Map<String, String> memberOf = new HashMap<>(); // instance -> pointer of its entry in a group
        Map<String, String> groupOfMember = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String base = "/sync_groups/" + i;
            JsonNode node = list.get(i);
            if (!node.isObject()) {
                findings.error(base, "sync group #" + (i + 1) + " must be a mapping");
                continue;
            }
            String display = node.path("name").isTextual() ? node.path("name").asText() : "#" + (i + 1);
            String ctx = "sync group '" + display + "' ";
            RawConfig.SyncGroup raw = findings.bind(mapper.binder(), node, base, RawConfig.SyncGroup.class, ctx,
                    List.of());
            if (raw == null) {
                continue;
            }
            int before = findings.errorCount();
            if (raw.name == null) {
                findings.error(base, ctx + "has no name");
            } else if (!InstanceValidator.NAME.matcher(raw.name).matches()) {
                findings.error(base + "/name", ctx + "name must be 1-64 letters, digits, '_', '.', '-'");
            } else if (groupNames.putIfAbsent(raw.name, base) != null) {
                findings.error(base + "/name", "duplicate sync group name '" + raw.name + "' (first defined at "
                        + findings.locate(groupNames.get(raw.name)) + ")");
            }
            List<String> members = new ArrayList<>();
            if (raw.members == null || raw.members.isEmpty()) {
                findings.error(raw.members == null ? base : base + "/members", ctx + "needs at least one instance"
                        + " in 'members'");
            } else {
                for (int m = 0; m < raw.members.size(); m++) {
                    String member = raw.members.get(m);
                    String pointer = base + "/members/" + m;
                    if (member == null || !known.contains(member)) {
                        findings.error(pointer, ctx + "member '" + member + "' is not an instance of this file");
                    } else if (members.contains(member)) {
                        findings.error(pointer, ctx + "lists instance '" + member + "' twice");
                    } else if (memberOf.containsKey(member)) {
                        findings.error(pointer, ctx + "member '" + member + "' is already in sync group '"
                                + groupOfMember.get(member) + "' (" + findings.locate(memberOf.get(member))
                                + "); an instance belongs to at most one group");
                    } else {
                        members.add(member);
                        memberOf.put(member, pointer);
                        groupOfMember.put(member, display);
                    }
                }
                if (raw.members.size() == 1) {
                    findings.warn(base + "/members", ctx + "has a single member: it changes nothing but runs the"
                            + " group's notify scripts (keepalived drops such a group)");
                }
            }
            InstanceValidator v = InstanceValidator.section(findings, base, ctx);
            List<TrackedInterface> tracks = v.tracks(raw.trackInterfaces);
            NotifyConfig notify = new NotifyConfig(v.argv(raw.notify, "notify"), v.argv(raw.notifyMaster,
                    "notify_master"), v.argv(raw.notifyBackup, "notify_backup"), v.argv(raw.notifyFault,
                    "notify_fault"), v.argv(raw.notifyStop, "notify_stop"));
            List<CheckSpec> checks = ConfigLoader.checks(raw.checks, base, ctx, findings, mapper, types);
            boolean weights = Boolean.TRUE.equals(raw.trackingWeight);
            if (!weights) {
                warnWeights(base, ctx, tracks, checks);
                checks.replaceAll(this::unweighted);
            }
            if (findings.errorCount() == before) {
                pointers.put(raw.name, base);
                out.add(new SyncGroupConfig(raw.name, members, notify, tracks, checks, weights));
            }
        }
        return out;
    }

    private void warnWeights(String base, String ctx, List<TrackedInterface> tracks, List<CheckSpec> checks) {
        for (int i = 0; i < tracks.size(); i++) {
            if (tracks.get(i).weight() != 0) {
                findings.warn(base + "/track_interfaces/" + i, ctx + "ignores the weight of tracked interface '"
                        + tracks.get(i).name() + "' (without 'tracking_weight: true' it means Fault while down)");
            }
        }
        for (CheckSpec c : checks) {
            if (c.config().weight() != 0) {
                findings.warn(base + "/checks", ctx + "ignores the weight of check '" + c.name() + "' (without"
                        + " 'tracking_weight: true' a down check means Fault)");
            }
        }
    }

    /**
     * Each member with its group's checks and tracked interfaces added, and, unless the group has
     * {@code tracking_weight: true}, every weight of the member set to 0 (keepalived's rule, so the members
     * cannot drift apart in priority). A name the member already uses is an error at the group's entry.
     */
    List<InstanceConfig> merge(List<InstanceConfig> instances, List<SyncGroupConfig> groups) {
        if (groups.isEmpty()) {
            return instances;
        }
        Map<String, SyncGroupConfig> groupOf = new LinkedHashMap<>();
        groups.forEach(g -> g.members().forEach(m -> groupOf.put(m, g)));
        List<InstanceConfig> out = new ArrayList<>();
        for (InstanceConfig ic : instances) {
            SyncGroupConfig g = groupOf.get(ic.name());
            if (g == null) {
                out.add(ic);
                continue;
            }
            String ctx = "sync group '" + g.name() + "' ";
            String pointer = pointers.get(g.name());
            List<TrackedInterface> tracks = new ArrayList<>(ic.trackInterfaces());
            for (TrackedInterface t : g.trackInterfaces()) {
                if (tracks.stream().anyMatch(x -> x.name().equals(t.name()))) {
                    findings.error(pointer + "/track_interfaces", ctx + "tracks interface '"
                            + t.name() + "', which member '" + ic.name() + "' already tracks itself");
                } else {
                    tracks.add(t);
                }
            }
            List<CheckSpec> checks = new ArrayList<>(ic.checks());
            for (CheckSpec c : g.checks()) {
                if (checks.stream().anyMatch(x -> x.name().equals(c.name()))) {
                    findings.error(pointer + "/checks", ctx + "check '" + c.name() + "' has the"
                            + " name of a check of member '" + ic.name() + "'; give one of them another 'name'");
                } else {
                    checks.add(c);
                }
            }
            if (!g.trackingWeight()) {
                boolean weighted = tracks.stream().anyMatch(t -> t.weight() != 0)
                        || checks.stream().anyMatch(c -> c.config().weight() != 0);
                if (weighted) {
                    findings.warn(pointer + "/members", ctx + "ignores the tracking weights of member '" + ic.name()
                            + "' (without 'tracking_weight: true' a down check or interface means Fault)");
                }
                tracks.replaceAll(t -> t.weight() == 0 ? t : new TrackedInterface(t.name(), 0));
                checks.replaceAll(this::unweighted);
            }
            out.add(ic.withTracking(tracks, checks));
        }
        return out;
    }

    /** The check with weight 0 (its settings normalized again, so a reload sees the change). */
    private CheckSpec unweighted(CheckSpec c) {
        if (c.config().weight() == 0) {
            return c;
        }
        c.config().setWeight(0);
        return new CheckSpec(c.type(), c.name(), c.config(), c.factory(), mapper.normalize(c.config(), c.source()),
                c.source());
    }
}
