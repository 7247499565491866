package org.vrrpd.filter;

import org.vrrpd.config.InstanceConfig;

/**
 * Told around every VIP change, on the protocol thread: before an instance's VIPs are added and after they are
 * removed, so a filter on them is in place before the first packet can reach them and stays until the last one
 * is gone. {@link KernelFilter} enforces Accept_Mode with it.
 */
public interface VipFilter {

    /** A filter that does nothing (no nf_tables on this host, or tests). */
    VipFilter NONE = new VipFilter() {
        @Override
        public void beforeAdd(InstanceConfig instance) {
        }

        @Override
        public void afterRemove(InstanceConfig instance) {
        }
    };

    void beforeAdd(InstanceConfig instance);

    void afterRemove(InstanceConfig instance);
}
