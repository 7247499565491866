package org.vrrpd.status;

import java.util.List;

/**
 * The {@code maintenance} reply.
 *
 * @param instances the instances turned on or off
 */
public record MaintenanceReply(List<String> instances) {

    public MaintenanceReply {
        instances = Copies.copy(instances);
    }
}
