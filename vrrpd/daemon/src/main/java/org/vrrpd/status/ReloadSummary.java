package org.vrrpd.status;

import java.util.List;

/**
 * The {@code reload} reply: which instances a reload left alone, restarted, added and removed. Instances whose
 * only changes were checks, tracking or notify settings count as unchanged (their router was not touched).
 *
 * @param unchanged instances kept as they were
 * @param changed   instances stopped and started with new settings
 * @param added     instances started
 * @param removed   instances stopped
 */
public record ReloadSummary(List<String> unchanged, List<String> changed, List<String> added,
                            List<String> removed) {

    public ReloadSummary {
        unchanged = Copies.copy(unchanged);
        changed = Copies.copy(changed);
        added = Copies.copy(added);
        removed = Copies.copy(removed);
    }
}
