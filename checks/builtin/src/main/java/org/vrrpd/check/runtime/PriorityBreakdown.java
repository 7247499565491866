package org.vrrpd.check.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * How an instance's effective priority came about, for {@code vrrpctl status}: the configured base, what each
 * check added or took away, the reasons the instance must be in Fault, and the result.
 *
 * <p>keepalived's rules: a check with positive weight adds it while up; a negative weight is added (so it
 * subtracts) while down; weight 0 contributes nothing but puts the instance into Fault while down. The sum is
 * clamped to 1–254. An address owner's 255 is never changed (its contributions are reported as 0), though a
 * weight-0 check that is down still reports a fault reason — the daemon decides what Fault means for an owner.
 *
 * @param base          the configured priority (1–255)
 * @param contributions one entry per check, in configuration order
 * @param faultReasons  why the instance must be in Fault; empty when it need not be
 * @param effective     the priority to advertise (1–254, or 255 for an owner)
 */
public record PriorityBreakdown(int base, List<Contribution> contributions, List<String> faultReasons, int effective) {

    public PriorityBreakdown {
        contributions = List.copyOf(contributions);
        faultReasons = List.copyOf(faultReasons);
    }

    /** True when some weight-0 check is down, so the instance must go to Fault. */
    public boolean fault() {
        return !faultReasons.isEmpty();
    }

    /**
     * One check's share of the priority.
     *
     * @param check  the check's name
     * @param weight its configured weight
     * @param up     its state after rise/fall
     * @param points what it adds to the base (negative subtracts); 0 for weight 0 and for owners
     * @param message the last run's message, for display
     */
    public record Contribution(String check, int weight, boolean up, int points, String message) {
    }

    /** The inputs for one check: its name, weight, hysteresis state and last message. */
    public record Input(String check, int weight, boolean up, String message) {
    }

    /** Computes the breakdown for a base priority and the checks' current states. */
    public static PriorityBreakdown compute(int base, List<Input> checks) {
        if (base < 1 || base > 255) {
            throw new IllegalArgumentException("base priority must be 1-255, got " + base);
        }
        boolean owner = base == 255;
        List<Contribution> contributions = new ArrayList<>(checks.size());
        List<String> faults = new ArrayList<>();
        int sum = base;
        for (Input in : checks) {
            int points = 0;
            if (in.weight() > 0 && in.up()) {
                points = in.weight();
            } else if (in.weight() < 0 && !in.up()) {
                points = in.weight();
            } else if (in.weight() == 0 && !in.up()) {
                faults.add("check '" + in.check() + "' is down" + (in.message().isEmpty() ? "" : ": " + in.message()));
            }
            if (owner) {
                points = 0;
            }
            sum += points;
            contributions.add(new Contribution(in.check(), in.weight(), in.up(), points, in.message()));
        }
        int effective = owner ? 255 : Math.max(1, Math.min(254, sum));
        return new PriorityBreakdown(base, contributions, faults, effective);
    }

    /** Same effective priority, fault state and per-check up/down as {@code other} (messages may differ). */
    public boolean sameOutcome(PriorityBreakdown other) {
        if (other == null || other.effective != effective || other.fault() != fault()
                || other.contributions.size() != contributions.size()) {
            return false;
        }
        for (int i = 0; i < contributions.size(); i++) {
            if (contributions.get(i).up() != other.contributions.get(i).up()) {
                return false;
            }
        }
        return true;
    }
}
