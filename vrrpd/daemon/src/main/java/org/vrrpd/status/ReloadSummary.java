package org.vrrpd.status;

import java.util.List;

/**
 * The {@code reload} reply: which instances a reload left alone, changed (in place, or by replacing the router),
 * added and removed. Instances whose only changes were checks, tracking or notify settings count as unchanged
 * (their router was not touched).
 *
 * @param unchanged instances kept as they were
 * @param changed   instances with new protocol settings: applied in place without a state change, or, for those
 *                  also listed in {@code replaced}, by stopping the router and starting a new one
 * @param added     instances started
 * @param removed   instances stopped
 * @param replaced  the changed instances whose identity (interface, VRID, version, family), address ownership or
 *                  virtual MAC changed, so their router was replaced (a Master sent priority 0 first)
 */
public record ReloadSummary(List<String> unchanged, List<String> changed, List<String> added,
                            List<String> removed, List<String> replaced) {

    public ReloadSummary {
        unchanged = Copies.copy(unchanged);
        changed = Copies.copy(changed);
        added = Copies.copy(added);
        removed = Copies.copy(removed);
        replaced = Copies.copy(replaced);
    }
}
