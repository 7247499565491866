package org.vrrpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.check.host.PluginHostSettings;
import org.vrrpd.config.GlobalConfig;
import org.vrrpd.config.LogLevel;
import org.vrrpd.config.MetricsConfig;
import org.vrrpd.control.Caller;
import org.vrrpd.control.ControlServer;
import org.vrrpd.control.ControlService;
import org.vrrpd.daemon.health.CheckPlugins;
import org.vrrpd.daemon.metrics.CheckLatencyHistograms;
import org.vrrpd.daemon.metrics.MetricsEndpoint;
import org.vrrpd.daemon.metrics.MetricsRenderer;
import org.vrrpd.status.ChecksReply;
import org.vrrpd.status.StatusReply;
import org.vrrpd.status.StatusSource;

/** One test per {@code global:} key: applied in place on reload, or reported as needing a restart. */
class GlobalReloadTest {

    private static final GlobalConfig START = GlobalConfig.defaults();

    @TempDir
    Path dir;

    private final CheckPlugins plugins = CheckPlugins.builtinOnly();
    private final List<String> levels = new ArrayList<>();
    private MetricsEndpoint metrics;
    private GlobalReload reload;

    @BeforeEach
    void setUp() {
        metrics = new MetricsEndpoint(new StatusSource() {
            @Override
            public StatusReply status() {
                return null;
            }

            @Override
            public ChecksReply checks() {
                return null;
            }
        }, new CheckLatencyHistograms(), () -> MetricsRenderer.Extra.NONE);
        reload = new GlobalReload(START, plugins, levels::add, Set.of());
        reload.metrics(metrics);
    }

    @AfterEach
    void tearDown() {
        metrics.close();
        plugins.closeHosts();
    }

    private static GlobalConfig with(Optional<MetricsConfig> metrics, String adminGroup, LogLevel level,
                                     PluginHostSettings host) {
        GlobalConfig d = START;
        return new GlobalConfig(d.controlSocket(), adminGroup, metrics, d.pluginDir(), d.scriptUser(), d.notifyFifo(),
                level, host, d.vrrpGuard());
    }

    private static Optional<MetricsConfig> metricsAt(int port) {
        return Optional.of(new MetricsConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), false));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void logLevel_shouldBeAppliedAtCommit_andListedAsApplied() throws Exception {
        GlobalConfig next = with(START.metrics(), START.adminGroup(), LogLevel.DEBUG, START.pluginHost());
        GlobalReload.Pending p = reload.prepare(START, next);
        assertEquals(List.of(), levels, "applied before the instances took the file");
        assertEquals(List.of("log_level"), p.commit());
        assertEquals(List.of("DEBUG"), levels);
        assertEquals(List.of(), p.restartNeeded());
    }

    @Test
    void metrics_shouldMoveToTheNewAddress_atPrepare() throws Exception {
        int port = freePort();
        GlobalConfig next = with(metricsAt(port), START.adminGroup(), START.logLevel(), START.pluginHost());
        GlobalReload.Pending p = reload.prepare(START, next);
        assertEquals(Optional.of(port), metrics.port());
        assertEquals(List.of("metrics"), p.commit());
    }

    @Test
    void metrics_onAPortInUse_shouldRefuseAtPrepare_withNothingChanged() throws Exception {
        int port = freePort();
        metrics.start(metricsAt(port));
        GlobalConfig before = with(metricsAt(port), START.adminGroup(), START.logLevel(), START.pluginHost());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            GlobalConfig next = with(metricsAt(taken.getLocalPort()), START.adminGroup(), START.logLevel(),
                    new PluginHostSettings("128m", 64, 10));
            IOException e = assertThrows(IOException.class, () -> reload.prepare(before, next));
            assertTrue(e.getMessage().startsWith("metrics: cannot listen on"), e.getMessage());
        }
        assertEquals(Optional.of(port), metrics.port(), "the old listener goes on");
        assertEquals(START.pluginHost(), plugins.hostSettings(), "plugin_host changed by a refused reload");
    }

    @Test
    void pluginHost_shouldApplyToHostsStartedFromThenOn_andUndoShouldPutItBack() throws Exception {
        PluginHostSettings bigger = new PluginHostSettings("128m", 32, 5);
        GlobalConfig next = with(START.metrics(), START.adminGroup(), START.logLevel(), bigger);
        GlobalReload.Pending p = reload.prepare(START, next);
        assertEquals(bigger, plugins.hostSettings(), "plugin hosts started by the reload itself use the new ones");
        p.undo();
        assertEquals(START.pluginHost(), plugins.hostSettings());
        assertEquals(List.of("plugin_host"), reload.prepare(START, next).commit());
        assertEquals(bigger, plugins.hostSettings());
    }

    @Test
    void adminGroup_shouldGiveTheControlSocketToTheNewGroup() throws Exception {
        Path sock = dir.resolve("vrrpd.sock");
        ControlServer server = ControlServer.start(sock, null, OptionalInt.empty(), new ControlService() {
            @Override
            public boolean knows(String command) {
                return true;
            }

            @Override
            public boolean mutates(String command) {
                return false;
            }

            @Override
            public CompletionStage<?> handle(String command, JsonNode args, Caller caller) {
                return CompletableFuture.completedFuture(null);
            }
        });
        try {
            reload.controlServer(server);
            GlobalConfig next = with(START.metrics(), "daemon", START.logLevel(), START.pluginHost());
            assertEquals(List.of("admin_group"), reload.prepare(START, next).commit());
            GroupPrincipal group = Files.getFileAttributeView(sock, PosixFileAttributeView.class).readAttributes()
                    .group();
            assertEquals("daemon", group.getName());
        } finally {
            server.close();
        }
    }

    @Test
    void vrrpGuardAndPluginDir_shouldBeListedAsApplied() throws Exception {
        GlobalConfig next = new GlobalConfig(START.controlSocket(), START.adminGroup(), START.metrics(),
                Path.of("/opt/vrrpd/plugins"), START.scriptUser(), START.notifyFifo(), START.logLevel(),
                START.pluginHost(), true);
        GlobalReload.Pending p = reload.prepare(START, next);
        assertEquals(List.of("plugin_dir", "vrrp_guard"), p.commit());
        assertEquals(List.of(), p.restartNeeded());
    }

    @Test
    void controlSocketScriptUserAndNotifyFifo_shouldBeReportedAsNeedingARestart_untilTheFileGoesBack()
            throws Exception {
        GlobalConfig next = new GlobalConfig(Path.of("/run/other/vrrpd.sock"), START.adminGroup(), START.metrics(),
                START.pluginDir(), "nobody", Optional.of(Path.of("/run/vrrpd/notify.fifo")), START.logLevel(),
                START.pluginHost(), START.vrrpGuard());
        GlobalReload.Pending p = reload.prepare(START, next);
        assertEquals(List.of(), p.commit(), "none of them is applied");
        assertEquals(List.of("control_socket", "script_user", "notify_fifo"), p.restartNeeded());
        // a second reload of the same file still reports them: the daemon still uses the start-up values
        assertEquals(List.of("control_socket", "script_user", "notify_fifo"), reload.prepare(next, next)
                .restartNeeded());
        assertEquals(List.of(), reload.prepare(next, START).restartNeeded());
    }

    @Test
    void keysSetOnTheCommandLine_shouldBeNeitherAppliedNorReported() throws Exception {
        GlobalReload fixedByArgs = new GlobalReload(START, plugins, levels::add, Set.of("control_socket", "log_level"));
        GlobalConfig next = new GlobalConfig(Path.of("/run/other/vrrpd.sock"), START.adminGroup(), START.metrics(),
                START.pluginDir(), START.scriptUser(), START.notifyFifo(), LogLevel.DEBUG, START.pluginHost(),
                START.vrrpGuard());
        GlobalReload.Pending p = fixedByArgs.prepare(START, next);
        assertEquals(List.of(), p.commit());
        assertEquals(List.of(), p.restartNeeded());
        assertEquals(List.of(), levels, "-Dvrrpd.log.level keeps winning");
    }
}
