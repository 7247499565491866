package org.vrrpd.status;

import java.util.List;

/**
 * The daemon's own nf_tables table ({@code inet vrrpd}) in the {@code status} reply, under {@code kernelFilter}.
 *
 * @param table           whether the table is in place (only when something asks for it)
 * @param vrrpGuard       whether {@code vrrp_guard} is on
 * @param guardDrops      VRRP packets the guard dropped in the kernel
 * @param acceptModeDrops packets to filtered VIPs (Accept_Mode false, non-owner Master) dropped in the kernel
 * @param filteredVips    the VIPs in the drop sets now
 */
public record KernelFilterStatus(boolean table, boolean vrrpGuard, long guardDrops, long acceptModeDrops,
                                 List<String> filteredVips) {

    public KernelFilterStatus {
        filteredVips = Copies.copy(filteredVips);
    }

    /** No table: nothing asks for kernel filtering. */
    public static final KernelFilterStatus NONE = new KernelFilterStatus(false, false, 0, 0, List.of());
}
