package org.vrrpd.status;

import java.util.List;

/**
 * The {@code reload} reply: which instances a reload left alone, changed (in place, or by replacing the router),
 * added and removed, and which {@code global:} keys it applied or could not apply. Instances whose only changes
 * were checks, tracking or notify settings count as unchanged (their router was not touched).
 *
 * @param unchanged     instances kept as they were
 * @param changed       instances with new protocol settings: applied in place without a state change, or, for
 *                      those also listed in {@code replaced}, by stopping the router and starting a new one
 * @param added         instances started
 * @param removed       instances stopped
 * @param replaced      the changed instances whose identity (interface, VRID, version, family), address ownership
 *                      or virtual MAC changed, so their router was replaced (a Master sent priority 0 first)
 * @param global        the changed {@code global:} keys applied by this reload ({@code log_level}, {@code metrics},
 *                      {@code plugin_host}, {@code plugin_dir}, {@code admin_group}, {@code vrrp_guard})
 * @param restartNeeded the changed {@code global:} keys a reload cannot apply ({@code control_socket},
 *                      {@code script_user}, {@code notify_fifo}): the daemon keeps the old value until restarted
 */
public record ReloadSummary(List<String> unchanged, List<String> changed, List<String> added,
                            List<String> removed, List<String> replaced, List<String> global,
                            List<String> restartNeeded) {

    public ReloadSummary {
        unchanged = Copies.copy(unchanged);
        changed = Copies.copy(changed);
        added = Copies.copy(added);
        removed = Copies.copy(removed);
        replaced = Copies.copy(replaced);
        global = Copies.copy(global);
        restartNeeded = Copies.copy(restartNeeded);
    }

    /**
     * The instances' part alone, with no {@code global:} change (a factory, not a second constructor: the JSON
     * reader binds the canonical one).
     */
    public static ReloadSummary ofInstances(List<String> unchanged, List<String> changed, List<String> added,
                                            List<String> removed, List<String> replaced) {
        return new ReloadSummary(unchanged, changed, added, removed, replaced, List.of(), List.of());
    }

    /** This summary with the {@code global:} keys applied and those that need a restart. */
    public ReloadSummary withGlobal(List<String> applied, List<String> needRestart) {
        return new ReloadSummary(unchanged, changed, added, removed, replaced, applied, needRestart);
    }
}
