package org.vrrpd.daemon.track;

import java.util.List;

/**
 * A {@link Tracker}'s output: how an instance's effective priority came about and why it must be in Fault, for the
 * state machine and for {@code vrrpctl status} ({@code 30 = base 150 -60 smtp (down) -60 submission (down)}).
 *
 * @param base          the configured priority (1–255)
 * @param contributions one entry per tracked thing, in {@link Tracked.Kind} order, then in reporting order
 * @param faultReasons  why the instance must be in Fault, one per weight-0 source that is down; empty when it
 *                      need not be
 * @param effective     the priority to advertise (1–254, or 255 for an owner)
 */
public record PriorityBreakdown(int base, List<Contribution> contributions, List<String> faultReasons, int effective) {

    public PriorityBreakdown {
        contributions = List.copyOf(contributions);
        faultReasons = List.copyOf(faultReasons);
    }

    /**
     * One tracked thing's share of the priority.
     *
     * @param source  its fault source name ({@link Tracked#source()})
     * @param weight  its configured weight
     * @param up      its state
     * @param points  what it adds to the base (negative subtracts); 0 for weight 0 and for owners
     * @param message its last message, for display
     */
    public record Contribution(String source, int weight, boolean up, int points, String message) {
    }

    /** True when some weight-0 source is down, so the instance must be in Fault. */
    public boolean fault() {
        return !faultReasons.isEmpty();
    }

    /** The fault reasons as one line ({@code "; "} between them), as the state machine records it; null when none. */
    public String faultReason() {
        return faultReasons.isEmpty() ? null : String.join("; ", faultReasons);
    }

    /**
     * Same effective priority, fault state and per-source up/down as {@code other} (messages may differ, so a
     * down check whose message changes from run to run does not disturb the protocol thread).
     */
    public boolean sameOutcome(PriorityBreakdown other) {
        if (other == null || other.effective != effective || other.fault() != fault()
                || other.contributions.size() != contributions.size()) {
            return false;
        }
        for (int i = 0; i < contributions.size(); i++) {
            Contribution a = contributions.get(i);
            Contribution b = other.contributions.get(i);
            if (a.up() != b.up() || !a.source().equals(b.source())) {
                return false;
            }
        }
        return true;
    }
}
