package org.vrrpd.status;

import java.util.List;

/**
 * An instance's priority breakdown: {@code effective = base + the contributions' deltas}, kept within 1..254
 * unless the router owns the addresses (255).
 *
 * @param base          the configured priority
 * @param effective     the priority it advertises now
 * @param owner         whether it owns the virtual addresses (priority 255)
 * @param contributions each check's and tracked interface's share, in configuration order
 * @param clamped       whether base plus the deltas fell outside 1..254 and was clamped
 * @param faults        why the instance is in Fault (empty when it is not)
 */
public record PriorityStatus(int base, int effective, boolean owner, List<PriorityContribution> contributions,
                             boolean clamped, List<String> faults) {

    public PriorityStatus {
        contributions = Copies.copy(contributions);
        faults = Copies.copy(faults);
    }
}
