package org.vrrpd.daemon.instance;

import org.vrrpd.daemon.track.PriorityBreakdown;

/**
 * What an {@link InstanceDriver} asks and tells its sync group (keepalived's {@code vrrp_sync_group}), on the
 * protocol thread. {@link #NONE} for an instance in no group: it may always become Master.
 */
public interface SyncHooks {

    /** For instances in no sync group. */
    SyncHooks NONE = new SyncHooks() {
        @Override
        public boolean mayBecomeMaster(String instance) {
            return true;
        }

        @Override
        public void masterWishWithdrawn(String instance) {
        }

        @Override
        public void trackingApplied(String instance, PriorityBreakdown breakdown) {
        }
    };

    /** The instance's Master_Down_Timer expired: true to take over now, false to wait in Backup for the group. */
    boolean mayBecomeMaster(String instance);

    /** The instance armed its Master_Down_Timer again: it no longer waits to become Master. */
    void masterWishWithdrawn(String instance);

    /** The instance's tracking reached its state machine (its own fault causes may have changed). */
    void trackingApplied(String instance, PriorityBreakdown breakdown);
}
