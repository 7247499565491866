package org.vrrpd.status;

import java.util.List;

/**
 * The {@code checks} reply ({@code vrrpctl checks --json}).
 *
 * @param checks every check and tracked interface of the instances asked for, instance by instance
 */
public record ChecksReply(List<CheckReport> checks) {

    public ChecksReply {
        checks = Copies.copy(checks);
    }
}
