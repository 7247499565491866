package org.vrrpd.daemon.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vrrpd.fsm.VrrpState;

/**
 * One sync group's decisions (keepalived's {@code vrrp_sync.c}): its members change state together.
 *
 * <ul>
 *   <li><b>Fault.</b> A member in Fault by its own cause (a check, a tracked interface, its link, maintenance)
 *   puts every sibling into Fault ({@link SyncDirective.Follow}); they leave Fault when no member has a cause
 *   of its own left (keepalived's {@code vrrp_sync_fault} and {@code vrrp_sync_leave_fault}). A member faulted
 *   only by the group does not fault the others back, so the group always recovers.</li>
 *   <li><b>Master only together.</b> A member whose Master_Down_Timer expired asks {@link #mayBecomeMaster};
 *   unless the group is already Master, it may go only when every sibling wants Master too (keepalived's
 *   {@code vrrp_sync_can_goto_master}: "prefer backup state to avoid thrashing"); otherwise it waits in Backup.
 *   The member that completes the wish goes Master and the waiting ones follow at once
 *   ({@link SyncDirective.GoMaster}, keepalived's {@code vrrp_sync_master}).</li>
 *   <li><b>Backup together.</b> A member that leaves Master for Backup (a higher priority was heard) takes
 *   its Master siblings with it ({@link SyncDirective.StepDown}, keepalived's {@code vrrp_sync_backup}).</li>
 * </ul>
 *
 * <p>The group's own state is derived from its members: Fault when one is in Fault, Master when all are, Backup
 * when all are, Initialize when all are (stopped); a mix of Master and Backup is the moment between an event
 * and its directives, and keeps the previous group state. Every change is reported once as
 * {@link SyncDirective.GroupMoved} with the member event that caused it.
 *
 * <p>Pure: no threads, no clock, no I/O. Not thread-safe; the daemon confines it to the protocol thread.
 */
public final class SyncGroup {

    /** One member as the group sees it. */
    private static final class Member {
        VrrpState state = VrrpState.INITIALIZE;
        boolean ownFault;
        boolean wantsMaster;
    }

    private final String name;
    private final Map<String, Member> members = new LinkedHashMap<>();
    /** Members told to follow, with the member event they follow: the cause a group move is reported with. */
    private final Map<String, String> directed = new HashMap<>();
    private VrrpState state = VrrpState.INITIALIZE;
    private String reason = "not started";

    /** @param members the member instance names, in configuration order; at least one, no duplicates */
    public SyncGroup(String name, List<String> members) {
        this.name = Objects.requireNonNull(name, "name");
        if (members.isEmpty()) {
            throw new IllegalArgumentException("sync group " + name + " has no members");
        }
        for (String m : members) {
            if (this.members.put(m, new Member()) != null) {
                throw new IllegalArgumentException("sync group " + name + " lists " + m + " twice");
            }
        }
    }

    public String name() {
        return name;
    }

    public List<String> members() {
        return List.copyOf(members.keySet());
    }

    public boolean contains(String member) {
        return members.containsKey(member);
    }

    /** The group's state, derived from its members (see the class comment). */
    public VrrpState state() {
        return state;
    }

    /** Why the group last moved: the member event that caused it. */
    public String reason() {
        return reason;
    }

    /** The state the group last saw {@code member} in. */
    public VrrpState memberState(String member) {
        return member(member).state;
    }

    /** Whether {@code member} is in Fault by a cause of its own (not only because the group is). */
    public boolean ownFault(String member) {
        return member(member).ownFault;
    }

    /** Whether {@code member}'s Master_Down_Timer expired and it waits for its siblings to want Master too. */
    public boolean waitingForGroup(String member) {
        Member m = member(member);
        return m.wantsMaster && m.state == VrrpState.BACKUP;
    }

    /**
     * {@code member}'s Master_Down_Timer expired: may it become Master now? Records the wish either way. True when
     * the group is Master already or every sibling wants Master (or is Master); false: it stays in Backup until
     * the last sibling's wish makes the group go ({@link SyncDirective.GoMaster}) or it hears a Master again
     * ({@link #masterWishWithdrawn}).
     */
    public boolean mayBecomeMaster(String member) {
        member(member).wantsMaster = true;
        if (state == VrrpState.MASTER) {
            return true;
        }
        for (Map.Entry<String, Member> e : members.entrySet()) {
            Member m = e.getValue();
            if (!e.getKey().equals(member) && !m.wantsMaster && m.state != VrrpState.MASTER) {
                return false;
            }
        }
        return true;
    }

    /** {@code member} armed its Master_Down_Timer again (it heard a Master): it no longer wants Master. */
    public void masterWishWithdrawn(String member) {
        member(member).wantsMaster = false;
    }

    /**
     * {@code member}'s own fault causes changed (the group's own Follow inputs excluded): returns a
     * {@link SyncDirective.Follow} for every sibling when its own-fault state flipped, none otherwise.
     */
    public List<SyncDirective> ownFaultChanged(String member, boolean faulted) {
        Member m = member(member);
        if (m.ownFault == faulted) {
            return List.of();
        }
        m.ownFault = faulted;
        List<SyncDirective> out = new ArrayList<>();
        for (String other : members.keySet()) {
            if (!other.equals(member)) {
                out.add(new SyncDirective.Follow(other, member, faulted));
            }
        }
        return out;
    }

    /**
     * {@code member} went {@code from -> to} for {@code why}: returns what its siblings must do and, when the
     * group's derived state changed, one {@link SyncDirective.GroupMoved} (last).
     */
    public List<SyncDirective> transition(String member, VrrpState from, VrrpState to, String why) {
        Member m = member(member);
        m.state = to;
        if (to != VrrpState.BACKUP) {
            m.wantsMaster = false;
        }
        String own = directed.remove(member);
        String cause = own != null ? own : member + " " + from + " -> " + to + " (" + why + ")";
        List<SyncDirective> out = new ArrayList<>();
        if (to == VrrpState.MASTER) {
            for (Map.Entry<String, Member> e : members.entrySet()) {
                if (e.getValue().state == VrrpState.BACKUP) {
                    directed.put(e.getKey(), cause);
                    out.add(new SyncDirective.GoMaster(e.getKey(), "sync group " + name + ": " + member
                            + " became MASTER"));
                }
            }
        } else if (from == VrrpState.MASTER && to == VrrpState.BACKUP) {
            for (Map.Entry<String, Member> e : members.entrySet()) {
                if (e.getValue().state == VrrpState.MASTER) {
                    directed.put(e.getKey(), cause);
                    out.add(new SyncDirective.StepDown(e.getKey(), "sync group " + name + ": " + member
                            + " went BACKUP"));
                }
            }
        }
        VrrpState derived = derive();
        if (derived != state) {
            out.add(new SyncDirective.GroupMoved(name, state, derived, cause));
            state = derived;
            reason = cause;
        }
        return out;
    }

    /** Fault if any member is; else all Initialize, all Master or all Backup; else (a mix) unchanged. */
    private VrrpState derive() {
        boolean allMaster = true;
        boolean allBackup = true;
        boolean allInit = true;
        for (Member m : members.values()) {
            if (m.state == VrrpState.FAULT) {
                return VrrpState.FAULT;
            }
            allMaster &= m.state == VrrpState.MASTER;
            allBackup &= m.state == VrrpState.BACKUP;
            allInit &= m.state == VrrpState.INITIALIZE;
        }
        if (allMaster) {
            return VrrpState.MASTER;
        }
        if (allBackup) {
            return VrrpState.BACKUP;
        }
        if (allInit) {
            return VrrpState.INITIALIZE;
        }
        return state == VrrpState.FAULT ? VrrpState.BACKUP : state;
    }

    private Member member(String member) {
        Member m = members.get(member);
        if (m == null) {
            throw new IllegalArgumentException(member + " is not a member of sync group " + name);
        }
        return m;
    }
}
