package org.vrrpd.check.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.runtime.RuntimeCheckContext;
import org.vrrpd.check.runtime.TestJars;

/** Real plugin host JVMs, started like the daemon starts them, with a test plugin compiled here. */
class JvmHostLauncherTest {

    @TempDir
    static Path tmp;
    static Path jar;

    @BeforeAll
    static void plugin() throws Exception {
        Path classes = tmp.resolve("classes");
        TestJars.compile(Map.of("t.SpawnFactory", """
                package t;
                import org.vrrpd.check.api.*;
                public final class SpawnFactory implements CheckFactory<SpawnFactory.Config> {
                    public static final class Config extends CheckConfig { public int threads; }
                    public String type() { return "spawn"; }
                    public Class<Config> configClass() { return Config.class; }
                    public Check create(Config c) {
                        return ctx -> {
                            System.out.println("spawn run with " + c.threads + " threads");
                            for (int i = 0; i < c.threads; i++) {
                                Thread t = new Thread(() -> {
                                    try { Thread.sleep(600_000); } catch (InterruptedException e) { }
                                });
                                t.setDaemon(true);
                                t.start();
                            }
                            return CheckResult.up(java.time.Duration.ZERO, "started " + c.threads);
                        };
                    }
                }
                """), classes);
        TestJars.service(classes, "t.SpawnFactory");
        Path dir = Files.createDirectory(tmp.resolve("plugins"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        jar = TestJars.pack(classes, dir.resolve("spawn.jar"));
    }

    private static CheckResult run(RemoteCheck c) throws Exception {
        Clock clock = Clock.systemUTC();
        return c.run(new RuntimeCheckContext(clock, clock.instant().plus(Duration.ofSeconds(20)), 0));
    }

    @Test
    void realHost_shouldRunThePluginsCheck_andExitWhenItsStdinCloses() throws Exception {
        JvmHostLauncher launcher = new JvmHostLauncher(PluginHostSettings.defaults(), () -> { });
        HostProcess p = launcher.launch(jar);
        p.stdin().write((HostCodec.encode(new HostMessage.Close(1)) + "\n").getBytes());
        p.stdin().flush();
        p.stdin().close();
        assertEquals(0, p.exit().get(20, TimeUnit.SECONDS));
        launcher.close();
    }

    @Test
    void realHost_shouldAnswerRuns_thenDieWithTheThreadLimitAsReason_andComeBack() throws Exception {
        try (PluginHosts hosts = new PluginHosts(new JvmHostLauncher(new PluginHostSettings("32m", 40, 10),
                () -> { }))) {
            RemoteCheck ok = hosts.check(jar, "spawn", new ObjectMapper().createObjectNode()
                    .put("type", "spawn").put("threads", 0));
            CheckResult first = run(ok);
            assertTrue(first.up(), first.message());
            assertEquals("started 0", first.message());
            RemoteCheck many = hosts.check(jar, "spawn", new ObjectMapper().createObjectNode()
                    .put("type", "spawn").put("threads", 60));
            run(many); // starts 60 threads; the watchdog ends the host within a few ms
            PluginHost host = ok.host();
            Deadline.poll(() -> host.downReason() != null);
            CheckResult down = run(ok);
            assertFalse(down.up());
            assertTrue(down.message().matches(
                    "plugin host for spawn\\.jar exited: too many threads \\(\\d+ > 40\\); restart in 1s"),
                    down.message());
        }
    }
}
