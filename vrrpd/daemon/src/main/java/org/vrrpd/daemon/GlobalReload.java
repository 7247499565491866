package org.vrrpd.daemon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.config.ConfigDiff;
import org.vrrpd.config.GlobalConfig;
import org.vrrpd.control.ControlServer;
import org.vrrpd.daemon.health.CheckPlugins;
import org.vrrpd.daemon.metrics.MetricsEndpoint;

/**
 * What a reload does with the {@code global:} section. Applied in place: {@code metrics} (the new address is
 * bound before the old listener stops; a port that cannot be bound refuses the whole reload), {@code plugin_host}
 * (hosts started from then on), {@code plugin_dir} (already re-read by the reload's plugin refresh),
 * {@code log_level}, {@code admin_group} (the socket's group and who
 * may change the daemon) and {@code vrrp_guard} (the kernel filter's configure, with the instances). Reported,
 * kept until a restart: {@code control_socket} (the socket {@code vrrpctl} and the running reload talk through),
 * {@code script_user} and {@code notify_fifo} (the notify dispatcher's runner and FIFO writer, made once at
 * start). A key the command line set ({@code --control-socket}, {@code -Dvrrpd.log.level}) is left alone.
 */
final class GlobalReload {

    private static final Logger LOG = LoggerFactory.getLogger(GlobalReload.class);

    /** The keys a reload cannot apply. */
    static final Set<String> RESTART_NEEDED = Set.of("control_socket", "script_user", "notify_fifo");

    private final GlobalConfig started;
    private final CheckPlugins plugins;
    private volatile MetricsEndpoint metrics;
    private final Consumer<String> logLevel;
    private final Set<String> fixed;
    private volatile ControlServer control;

    /**
     * @param started  the section the daemon started with: what the keys that need a restart still use
     * @param logLevel sets the root log level
     * @param fixed    keys the command line set ({@code control_socket} by {@code --control-socket},
     *                 {@code log_level} by {@code -Dvrrpd.log.level}): the file's value is neither applied nor
     *                 reported, as at start
     */
    GlobalReload(GlobalConfig started, CheckPlugins plugins, Consumer<String> logLevel, Set<String> fixed) {
        this.started = started;
        this.plugins = plugins;
        this.logLevel = logLevel;
        this.fixed = Set.copyOf(fixed);
    }

    /** The metrics listener a reload moves; set once it runs. */
    void metrics(MetricsEndpoint endpoint) {
        this.metrics = endpoint;
    }

    /** The control socket whose group follows {@code admin_group}; set once it serves. */
    void controlServer(ControlServer server) {
        this.control = server;
    }

    /**
     * The part done before the instances change, which can still refuse the reload: the plugin hosts' settings
     * and the metrics listener. {@link Pending#undo} puts both back if the instances' part fails.
     *
     * @throws IOException the new metrics address cannot be bound (nothing changed)
     */
    Pending prepare(GlobalConfig before, GlobalConfig after) throws IOException {
        List<String> keys = new ArrayList<>(ConfigDiff.globalKeys(before, after));
        keys.removeAll(fixed);
        MetricsEndpoint endpoint = metrics;
        if (keys.contains("metrics") && endpoint != null) {
            endpoint.move(after.metrics());
        }
        if (keys.contains("plugin_host")) {
            plugins.useHostSettings(after.pluginHost());
        }
        return new Pending(before, after, keys);
    }

    /** A {@code global:} change half applied: commit it once the instances took the new file, or undo it. */
    final class Pending {

        private final GlobalConfig before;
        private final GlobalConfig after;
        private final List<String> keys;

        private Pending(GlobalConfig before, GlobalConfig after, List<String> keys) {
            this.before = before;
            this.after = after;
            this.keys = keys;
        }

        /** Applies the rest and returns the keys applied; the keys that need a restart are logged at WARN. */
        List<String> commit() {
            if (keys.contains("log_level")) {
                logLevel.accept(after.logLevel().name());
            }
            ControlServer server = control;
            if (keys.contains("admin_group") && server != null) {
                server.adminGroup(after.adminGroup(), Main.groupId(after.adminGroup()));
            }
            List<String> later = restartNeeded();
            if (!later.isEmpty()) {
                LOG.warn("reload: global {} changed in the file but take effect only at the next restart"
                        + " (systemctl restart vrrpd); still using the values the daemon started with", later);
            }
            List<String> applied = new ArrayList<>(keys);
            applied.removeAll(RESTART_NEEDED);
            if (!applied.isEmpty()) {
                LOG.info("reload: global {} applied", applied);
            }
            return applied;
        }

        /** The keys a reload cannot apply whose value in the file differs from the one the daemon started with. */
        List<String> restartNeeded() {
            return ConfigDiff.globalKeys(started, after).stream().filter(RESTART_NEEDED::contains)
                    .filter(k -> !fixed.contains(k)).toList();
        }

        /** Puts back what {@link #prepare} changed (the instances' part failed). */
        void undo() {
            if (keys.contains("plugin_host")) {
                plugins.useHostSettings(before.pluginHost());
            }
            MetricsEndpoint endpoint = metrics;
            if (keys.contains("metrics") && endpoint != null) {
                try {
                    endpoint.move(before.metrics());
                } catch (IOException e) {
                    LOG.error("metrics listener not restored after a failed reload: {}", e.getMessage());
                }
            }
        }
    }
}
