package org.vrrpd.config;

import java.util.List;
import org.vrrpd.check.builtin.ScriptConfig;

/**
 * The global {@code script_user} for {@code script} checks: a check without its own {@code user} runs as the
 * daemon's {@code script_user} when the daemon is root (keepalived's {@code script_user} covers every script),
 * as docs/CONFIG.md says. A non-root daemon runs scripts as itself and ignores it.
 */
final class ScriptUsers {

    private ScriptUsers() {
    }

    static void apply(List<InstanceConfig> instances, String scriptUser) {
        for (InstanceConfig instance : instances) {
            for (CheckSpec spec : instance.checks()) {
                if (spec.config() instanceof ScriptConfig script) {
                    script.setDefaultUser(scriptUser);
                }
            }
        }
    }
}
