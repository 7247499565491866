package org.vrrpd.status;

import java.time.Instant;
import java.util.List;
import org.vrrpd.fsm.VrrpState;

/**
 * A sync group in {@code vrrpctl status}: its state, members and why it last moved.
 *
 * @param name    the group's name
 * @param state   Initialize (not started or stopped), Backup, Master or Fault
 * @param reason  the member event that last moved the group ({@code mail MASTER -> FAULT (check 'smtp' is
 *                down)})
 * @param since   when it last moved, or null before its first move
 * @param members its members in configuration order
 */
public record SyncGroupStatus(String name, VrrpState state, String reason, Instant since, List<Member> members) {

    public SyncGroupStatus {
        members = Copies.copy(members);
    }

    /**
     * One member.
     *
     * @param name     the instance
     * @param state    its state
     * @param ownFault in Fault by a cause of its own (not only following the group)
     * @param waiting  its Master_Down_Timer expired and it waits for the other members to want Master too
     */
    public record Member(String name, VrrpState state, boolean ownFault, boolean waiting) {
    }
}
