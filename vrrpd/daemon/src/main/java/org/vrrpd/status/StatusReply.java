package org.vrrpd.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The {@code status} reply ({@code vrrpctl status --json}).
 *
 * @param version     the daemon's build version
 * @param pid         the daemon's process id
 * @param uptimeMs    milliseconds since the daemon started
 * @param config      the configuration file's path
 * @param configError   why the last reload was refused (the daemon runs the previous config), or null
 * @param kernelFilter  the daemon's nf_tables table: Accept_Mode and the VRRP guard
 * @param instances     the instances asked for, in configuration order
 * @param syncGroups    the sync groups (those with a member asked for), in configuration order
 */
public record StatusReply(String version, long pid, long uptimeMs, String config,
                          @JsonInclude(JsonInclude.Include.ALWAYS) String configError,
                          KernelFilterStatus kernelFilter, List<InstanceStatus> instances,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SyncGroupStatus> syncGroups) {

    public StatusReply {
        kernelFilter = kernelFilter == null ? KernelFilterStatus.NONE : kernelFilter;
        instances = Copies.copy(instances);
        syncGroups = Copies.copy(syncGroups);
    }

    /** Without sync groups. */
    public StatusReply(String version, long pid, long uptimeMs, String config, String configError,
                       KernelFilterStatus kernelFilter, List<InstanceStatus> instances) {
        this(version, pid, uptimeMs, config, configError, kernelFilter, instances, List.of());
    }

    /** The named instance, or null. */
    public InstanceStatus instance(String name) {
        return instances.stream().filter(i -> i.name().equals(name)).findFirst().orElse(null);
    }
}
