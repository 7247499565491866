package org.vrrpd.daemon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.config.ConfigDiff;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VrrpdConfig;
import org.vrrpd.daemon.health.HealthSupervisor;
import org.vrrpd.daemon.instance.InstanceDriver;
import org.vrrpd.status.ReloadSummary;

/**
 * Applies a validated new configuration to the running daemon as a diff, on the protocol thread: unchanged
 * instances (and those whose only changes are checks, tracking or notify settings) keep their router, state,
 * timers and VIPs; changed ones take their new settings in place, without a state change (VIPs added or
 * removed, a new priority in the next advert, a new interval advertised at once), unless their identity changed
 * ({@code ConfigDiff.Change.needsNewRouter}): those are stopped (priority 0 from a Master) and started again and
 * listed as replaced; removed ones stop gracefully; added ones start. Every check of the new configuration is built before anything changes, so a check
 * refused there refuses the whole reload with nothing touched.
 */
final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final Daemon daemon;

    Reconciler(Daemon daemon) {
        this.daemon = daemon;
    }

    /** Moves the daemon from {@code current} to {@code next}; returns the summary naming each group. */
    ReloadSummary apply(VrrpdConfig current, VrrpdConfig next) throws IOException {
        ConfigDiff diff = ConfigDiff.between(current, next);
        HealthSupervisor health = daemon.health();
        Map<String, InstanceDriver> drivers = daemon.drivers();
        List<InstanceConfig> checked = new ArrayList<>(diff.added());
        diff.changed().forEach(c -> checked.add(c.after()));
        diff.supervisionChanged().forEach(c -> checked.add(c.after()));
        health.validate(checked); // a check refused here refuses the whole reload, before any change
        daemon.filter().configureOrFail(next); // so does a kernel filter the kernel refuses
        // supervision-only changes are already listed in unchanged (ConfigDiff)
        List<String> unchanged = diff.unchanged().stream().map(InstanceConfig::name).toList();
        List<String> changed = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (ConfigDiff.Change c : diff.supervisionChanged()) {
            InstanceDriver d = drivers.get(c.name());
            if (d != null) {
                health.replace(c.after(), d.tracking());
            }
        }
        for (InstanceConfig r : diff.removed()) {
            health.detach(r.name());
            InstanceDriver d = drivers.remove(r.name());
            if (d != null) {
                d.stop();
            }
            removed.add(r.name());
        }
        for (ConfigDiff.Change c : diff.changed()) {
            InstanceDriver d = drivers.get(c.before().name());
            if (d != null && !c.needsNewRouter()) {
                d.reconfigure(c.after()); // in place: no state change, nothing handed over
                if (c.before().acceptMode() != c.after().acceptMode()) {
                    daemon.filter().acceptModeChangedOrFail(c.after()); // only the drop set changes
                }
                health.replace(c.after(), d.tracking()); // a new base priority reaches the next advert
            } else {
                health.detach(c.before().name());
                drivers.remove(c.before().name());
                if (d != null) {
                    d.stop();
                }
                daemon.startInstance(c.after());
                replaced.add(c.name());
            }
            changed.add(c.name());
        }
        for (InstanceConfig a : diff.added()) {
            daemon.startInstance(a);
            added.add(a.name());
        }
        LOG.info("reloaded {}: {} unchanged, {} changed ({} of them replaced), {} added, {} removed",
                daemon.configPath(), unchanged.size(), changed.size(), replaced.size(), added.size(), removed.size());
        return ReloadSummary.ofInstances(unchanged, changed, added, removed, replaced);
    }
}
