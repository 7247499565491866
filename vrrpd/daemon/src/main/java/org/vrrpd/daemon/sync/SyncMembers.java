package org.vrrpd.daemon.sync;

import org.vrrpd.daemon.track.Tracked;

/** Carries out {@link SyncGroup}'s directives on the members (the daemon's drivers; a fake in tests). */
public interface SyncMembers {

    /** Reports a sibling's fault state to {@code target}'s tracking (a weight-0 {@code SYNC_MEMBER} input). */
    void follow(String target, Tracked input);

    /** {@code target}, held in Backup for its group, becomes Master now. */
    void goMaster(String target, String reason);

    /** {@code target}, Master, follows a sibling into Backup. */
    void stepDown(String target, String reason);
}
