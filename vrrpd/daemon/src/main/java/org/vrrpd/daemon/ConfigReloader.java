package org.vrrpd.daemon;

import java.io.IOException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.config.ConfigException;
import org.vrrpd.config.ConfigLoader;
import org.vrrpd.config.VrrpdConfig;
import org.vrrpd.control.ControlException;
import org.vrrpd.status.ReloadSummary;

/**
 * Live reload (SIGHUP, {@code vrrpctl reload}): reads and validates the file first; an invalid file is refused
 * with its file:line reasons and the daemon keeps running the old config. A valid one is applied as a diff:
 * unchanged instances keep their state, timers and VIPs.
 */
final class ConfigReloader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    private final Daemon daemon;

    ConfigReloader(Daemon daemon) {
        this.daemon = daemon;
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
        VrrpdConfig next;
        try {
            next = ConfigLoader.load(daemon.configPath(), daemon.health().plugins().refresh(daemon.configPath()));
        } catch (org.vrrpd.check.runtime.PluginException e) {
            daemon.lastConfigError(e.getMessage());
            LOG.error("reload refused, still running the previous config: {}", e.getMessage());
            throw new ControlException("config_invalid", e.getMessage() + " (still running the previous config)");
        } catch (ConfigException e) {
            String reason = e.problems().stream().map(Object::toString).collect(Collectors.joining("; "));
            daemon.lastConfigError(reason);
            LOG.error("reload refused, still running the previous config: {}", reason);
            throw new ControlException("config_invalid", reason + " (still running the previous config)");
        }
        try {
            ReloadSummary summary = daemon.apply(next);
            daemon.lastConfigError(null);
            return summary;
        } catch (IOException e) {
            daemon.lastConfigError(e.getMessage());
            throw new ControlException("failed", "reload failed: " + e.getMessage());
        }
    }
}
