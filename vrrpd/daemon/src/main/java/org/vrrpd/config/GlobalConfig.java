package org.vrrpd.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.vrrpd.check.host.PluginHostSettings;

/**
 * Daemon-wide settings, the {@code global:} section.
 *
 * @param controlSocket the Unix socket {@code vrrpctl} talks to; default {@value #DEFAULT_CONTROL_SOCKET}
 * @param adminGroup    the group allowed to use the control socket for changes; default {@value #DEFAULT_ADMIN_GROUP}
 * @param metrics       the metrics listener, empty (off) by default
 * @param pluginDir     where check plugin JARs are loaded from; default {@value #DEFAULT_PLUGIN_DIR}
 * @param scriptUser    the user notify and {@code script} checks run as; default {@value #DEFAULT_SCRIPT_USER}
 * @param notifyFifo    a FIFO receiving one line per state change (keepalived's {@code notify_fifo}); empty = off
 * @param logLevel      default {@link LogLevel#INFO}
 * @param pluginHost    how the child JVMs that run plugin checks are started ({@code plugin_host:}); defaults
 *                      64m heap, 64 threads, nice 10
 * @param vrrpGuard     {@code vrrp_guard: true}: VRRP packets from anyone but the configured unicast peers, or on
 *                      an interface (and address family) without an instance, are dropped in the kernel and
 *                      counted; default false
 */
public record GlobalConfig(Path controlSocket, String adminGroup, Optional<MetricsConfig> metrics, Path pluginDir,
        String scriptUser, Optional<Path> notifyFifo, LogLevel logLevel, PluginHostSettings pluginHost,
        boolean vrrpGuard) {

    public static final String DEFAULT_CONTROL_SOCKET = "/run/vrrpd/vrrpd.sock";
    public static final String DEFAULT_ADMIN_GROUP = "vrrpd";
    public static final String DEFAULT_PLUGIN_DIR = "/usr/lib/vrrpd/plugins";
    public static final String DEFAULT_SCRIPT_USER = "vrrpd";

    public GlobalConfig {
        Objects.requireNonNull(controlSocket, "controlSocket");
        Objects.requireNonNull(adminGroup, "adminGroup");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(pluginDir, "pluginDir");
        Objects.requireNonNull(scriptUser, "scriptUser");
        Objects.requireNonNull(notifyFifo, "notifyFifo");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(pluginHost, "pluginHost");
    }

    /** Settings without the VRRP guard. */
    public GlobalConfig(Path controlSocket, String adminGroup, Optional<MetricsConfig> metrics, Path pluginDir,
                        String scriptUser, Optional<Path> notifyFifo, LogLevel logLevel,
                        PluginHostSettings pluginHost) {
        this(controlSocket, adminGroup, metrics, pluginDir, scriptUser, notifyFifo, logLevel, pluginHost, false);
    }

    /** Settings with the default plugin host settings. */
    public GlobalConfig(Path controlSocket, String adminGroup, Optional<MetricsConfig> metrics, Path pluginDir,
                        String scriptUser, Optional<Path> notifyFifo, LogLevel logLevel) {
        this(controlSocket, adminGroup, metrics, pluginDir, scriptUser, notifyFifo, logLevel,
                PluginHostSettings.defaults());
    }

    /** The settings used when the file has no {@code global:} section. */
    public static GlobalConfig defaults() {
        return new GlobalConfig(Path.of(DEFAULT_CONTROL_SOCKET), DEFAULT_ADMIN_GROUP, Optional.empty(),
                Path.of(DEFAULT_PLUGIN_DIR), DEFAULT_SCRIPT_USER, Optional.empty(), LogLevel.INFO);
    }
}
