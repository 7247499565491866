package org.vrrpd.config;

import java.util.List;
import java.util.Objects;

/**
 * One {@code sync_groups:} entry, keepalived's {@code vrrp_sync_group}: instances that change state together.
 *
 * @param name            unique among groups (instance name rules)
 * @param members         instance names, each in at most one group
 * @param notifyScripts   the group's scripts; {@code notify} gets keepalived's {@code GROUP name STATE 0}
 * @param trackInterfaces tracked on every member (already merged into the members' configs)
 * @param checks          run for every member (already merged into the members' configs)
 * @param trackingWeight  keepalived's {@code sync_group_tracking_weight}: false (the default) makes every
 *                        member's and the group's tracking weight 0, so a down check or interface means Fault
 */
public record SyncGroupConfig(String name, List<String> members, NotifyConfig notifyScripts,
        List<TrackedInterface> trackInterfaces, List<CheckSpec> checks, boolean trackingWeight) {

    public SyncGroupConfig {
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
        Objects.requireNonNull(notifyScripts, "notifyScripts");
        trackInterfaces = List.copyOf(trackInterfaces);
        checks = List.copyOf(checks);
    }
}
