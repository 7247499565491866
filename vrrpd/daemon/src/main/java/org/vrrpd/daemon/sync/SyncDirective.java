package org.vrrpd.daemon.sync;

import java.util.Objects;
import org.vrrpd.fsm.VrrpState;

/**
 * What a {@link SyncGroup} decided after one member event; the daemon carries it out on the protocol thread, in
 * order.
 */
public sealed interface SyncDirective {

    /**
     * Tell {@code target} whether its sibling {@code member} is in Fault by its own cause: a weight-0 input
     * ({@code Tracked.syncMember}) of the target's tracking, so the target follows into Fault and out of it.
     */
    record Follow(String target, String member, boolean memberFaulted) implements SyncDirective {
        public Follow {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(member, "member");
        }
    }

    /** {@code target} is held in Backup waiting for the group; every member now wants Master: take over. */
    record GoMaster(String target, String reason) implements SyncDirective {
        public GoMaster {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** {@code target} is Master but a sibling stepped down to Backup: follow it (keepalived's vrrp_sync_backup). */
    record StepDown(String target, String reason) implements SyncDirective {
        public StepDown {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The group as a whole moved (group notify scripts, the FIFO's {@code GROUP} line, status, metrics). */
    record GroupMoved(String group, VrrpState from, VrrpState to, String reason) implements SyncDirective {
        public GroupMoved {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
