package org.vrrpd.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.vrrpd.check.host.PluginHostSettings;

/** Applies defaults to the {@code global:} section and checks it. */
final class GlobalValidator {

    private GlobalValidator() {
    }

    static GlobalConfig validate(RawConfig.Global raw, Findings findings) {
        GlobalConfig d = GlobalConfig.defaults();
        Path socket = absolute(raw.controlSocket, "control_socket", d.controlSocket(), findings);
        Path plugins = absolute(raw.pluginDir, "plugin_dir", d.pluginDir(), findings);
        Optional<Path> fifo = raw.notifyFifo == null ? Optional.empty()
                : Optional.of(absolute(raw.notifyFifo, "notify_fifo", null, findings));
        String group = name(raw.adminGroup, "admin_group", d.adminGroup(), findings);
        String user = name(raw.scriptUser, "script_user", d.scriptUser(), findings);
        LogLevel level = d.logLevel();
        if (raw.logLevel != null) {
            try {
                level = LogLevel.valueOf(raw.logLevel.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                findings.error("/global/log_level", "global: log_level '" + raw.logLevel
                        + "' is not one of error, warn, info, debug, trace");
            }
        }
        Optional<MetricsConfig> metrics = Optional.empty();
        if (raw.metrics != null && raw.metrics.listen != null) {
            boolean allowRemote = raw.metrics.allowRemote != null && raw.metrics.allowRemote;
            try {
                InetSocketAddress listen = IpLiterals.socketAddress(raw.metrics.listen);
                if (!listen.getAddress().isLoopbackAddress() && !allowRemote) {
                    findings.error("/global/metrics/listen", "global: metrics listen address " + raw.metrics.listen
                            + " is not loopback; set 'allow_remote: true' to expose metrics beyond this host");
                }
                metrics = Optional.of(new MetricsConfig(listen, allowRemote));
            } catch (IllegalArgumentException e) {
                findings.error("/global/metrics/listen", "global: metrics listen " + e.getMessage());
            }
        } else if (raw.metrics != null && Boolean.TRUE.equals(raw.metrics.allowRemote)) {
            findings.warn("/global/metrics", "global: metrics has allow_remote but no listen address; metrics stay off");
        }
        return new GlobalConfig(socket, group, metrics, plugins, user, fifo, level, pluginHost(raw.pluginHost, findings),
                Boolean.TRUE.equals(raw.vrrpGuard));
    }

    private static PluginHostSettings pluginHost(RawConfig.PluginHost raw, Findings findings) {
        PluginHostSettings d = PluginHostSettings.defaults();
        if (raw == null) {
            return d;
        }
        String heap = raw.heap == null ? d.heap() : raw.heap;
        int threads = raw.maxThreads == null ? d.maxThreads() : raw.maxThreads;
        int nice = raw.nice == null ? d.nice() : raw.nice;
        Optional<String> problem = PluginHostSettings.problem(heap, threads, nice);
        if (problem.isPresent()) {
            String key = problem.get().startsWith("heap") ? "heap"
                    : problem.get().startsWith("max_threads") ? "max_threads" : "nice";
            findings.error("/global/plugin_host/" + key, "global: plugin_host: " + problem.get());
            return d;
        }
        return new PluginHostSettings(heap, threads, nice);
    }

    private static Path absolute(String text, String key, Path fallback, Findings findings) {
        if (text == null) {
            return fallback;
        }
        if (!text.startsWith("/")) {
            findings.error("/global/" + key, "global: " + key + " must be an absolute path, got '" + text + "'");
            return fallback == null ? Path.of("/") : fallback;
        }
        return Path.of(text);
    }

    private static String name(String text, String key, String fallback, Findings findings) {
        if (text == null) {
            return fallback;
        }
        if (!text.matches("[a-z_][a-z0-9_-]{0,31}\\$?")) {
            findings.error("/global/" + key, "global: " + key + " '" + text + "' is not a valid user or group name");
            return fallback;
        }
        return text;
    }
}
