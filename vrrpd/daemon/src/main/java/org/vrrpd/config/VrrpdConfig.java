package org.vrrpd.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole daemon configuration, {@code /etc/vrrpd/vrrpd.yaml}, after validation.
 *
 * @param file      the file name it was read from (for messages)
 * @param global    daemon-wide settings
 * @param instances virtual routers in file order; names are unique
 * @param warnings  things that are allowed but probably not meant (e.g. an IPv6 router whose first VIP is not
 *                  link-local); the daemon logs them at startup and reload
 * @param syncGroups {@code sync_groups:}, keepalived's {@code vrrp_sync_group}s; their checks and tracked
 *                  interfaces are already merged into their members' {@link InstanceConfig}s
 */
public record VrrpdConfig(String file, GlobalConfig global, List<InstanceConfig> instances,
        List<ConfigProblem> warnings, List<SyncGroupConfig> syncGroups) {

    public VrrpdConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(global, "global");
        instances = List.copyOf(instances);
        warnings = List.copyOf(warnings);
        syncGroups = List.copyOf(syncGroups);
    }

    /** Without sync groups. */
    public VrrpdConfig(String file, GlobalConfig global, List<InstanceConfig> instances,
            List<ConfigProblem> warnings) {
        this(file, global, instances, warnings, List.of());
    }

    /** The sync group {@code instance} belongs to, if any. */
    public Optional<SyncGroupConfig> syncGroupOf(String instance) {
        return syncGroups.stream().filter(g -> g.members().contains(instance)).findFirst();
    }

    public Optional<InstanceConfig> instance(String name) {
        return instances.stream().filter(i -> i.name().equals(name)).findFirst();
    }
}
