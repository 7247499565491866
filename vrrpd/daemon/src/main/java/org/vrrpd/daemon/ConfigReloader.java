package org.vrrpd.daemon;

import java.io.IOException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.check.runtime.PluginException;
import org.vrrpd.config.ConfigException;
import org.vrrpd.config.ConfigLoader;
import org.vrrpd.config.VrrpdConfig;
import org.vrrpd.control.ControlException;
import org.vrrpd.daemon.health.CheckPlugins;
import org.vrrpd.daemon.health.PluginPreflight;
import org.vrrpd.status.ReloadSummary;

/**
 * Live reload (SIGHUP, {@code vrrpctl reload}): reads and validates the file first; an invalid file is refused
 * with its file:line reasons and the daemon keeps running the old config. A valid one is applied as a diff:
 * unchanged instances keep their state, timers and VIPs. The {@code global:} keys it can apply are applied
 * ({@link GlobalReload}): the metrics listener moves before anything else, so a port that cannot be bound refuses
 * the reload with nothing changed; the keys that need a restart are reported in the reply.
 */
final class ConfigReloader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    private final Daemon daemon;
    private final GlobalReload global;

    ConfigReloader(Daemon daemon, GlobalReload global) {
        this.daemon = daemon;
        this.global = global;
    }

    void reloadFromSignal() {
        Thread t = new Thread(() -> {
            try {
                reload();
            } catch (ControlException e) {
                LOG.error("reload refused: {}", e.getMessage());
            }
        }, "vrrpd-reload");
        t.start();
    }

    synchronized ReloadSummary reload() throws ControlException {
        CheckPlugins plugins = daemon.health().plugins();
        CheckPlugins.Refresh refresh;
        try {
            refresh = plugins.prepare(daemon.configPath());
        } catch (PluginException e) {
            throw refused(e.getMessage());
        }
        VrrpdConfig next;
        try {
            next = ConfigLoader.load(daemon.configPath(), refresh.types());
        } catch (ConfigException e) {
            plugins.discard(refresh);
            throw refused(e.problems().stream().map(Object::toString).collect(Collectors.joining("; ")));
        }
        GlobalReload.Pending globals;
        try {
            globals = global.prepare(daemon.onLoop(() -> daemon.config().global()), next.global());
        } catch (IOException e) {
            plugins.discard(refresh);
            throw refused(e.getMessage());
        }
        // a plugin upgrade runs once in its new host here, off the protocol thread, before anything changes
        try (PluginPreflight upgrade = daemon.health().preflight(refresh, next.instances())) {
            ReloadSummary summary = daemon.apply(next);
            plugins.commit(refresh);
            daemon.lastConfigError(null);
            return summary.withGlobal(globals.commit(), globals.restartNeeded());
        } catch (IOException e) {
            globals.undo();
            plugins.discard(refresh);
            daemon.lastConfigError(e.getMessage());
            LOG.error("reload failed, still running the previous config: {}", e.getMessage());
            throw new ControlException("failed", "reload failed: " + e.getMessage());
        }
    }

    private ControlException refused(String reason) {
        daemon.lastConfigError(reason);
        LOG.error("reload refused, still running the previous config: {}", reason);
        return new ControlException("config_invalid", reason + " (still running the previous config)");
    }
}
