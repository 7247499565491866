package org.vrrpd.lab.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vrrpd.lab.fixture.Routers.NAME;
import static org.vrrpd.lab.fixture.Routers.awaitState;
import static org.vrrpd.lab.health.HealthStatus.contribution;
import static org.vrrpd.lab.health.HealthStatus.effective;
import static org.vrrpd.lab.health.HealthStatus.micros;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * The example plugin ({@code file_flag}, from checks/example-plugin) dropped into a root-owned plugin directory:
 * a reload of the running daemon loads it and its check moves the Master's priority so the VIP moves; a
 * restart loads it at start; a world-writable plugin directory stops the daemon from starting.
 */
@Tag("lab")
class PluginLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    /** The example plugin as Maven built it: its JAR, or its compiled classes packed into one. */
    static Path examplePluginJar(Path dest) throws IOException {
        Path target = Path.of(System.getProperty("vrrpd.examplePlugin.target",
                Path.of(System.getProperty("user.dir")).resolve("../../checks/example-plugin/target").toString()))
                .normalize();
        try (Stream<Path> s = Files.list(target)) {
            Path jar = s.filter(f -> f.getFileName().toString().matches("vrrpd-example-plugin-.*\\.jar"))
                    .filter(f -> !f.getFileName().toString().contains("sources")).findFirst().orElse(null);
            if (jar != null) {
                return Files.copy(jar, dest, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path classes = target.resolve("classes");
        assertTrue(Files.isDirectory(classes), "example plugin not built at " + target);
        try (OutputStream out = Files.newOutputStream(dest); JarOutputStream jar = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(f));
                jar.closeEntry();
            }
        }
        return dest;
    }

    /** The lab's plugin directory, as the loader accepts it (root-owned, not writable by others). */
    static Path pluginDir(Routers p) throws IOException {
        return Files.createDirectory(p.lab.file("plugins"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    static String config(VrrpdNode node, Path pluginDir, String instances) {
        return "global:\n  control_socket: " + node.socket() + "\n  log_level: debug\n  plugin_dir: " + pluginDir
                + "\ninstances:\n" + instances;
    }

    @Test
    void examplePlugin_droppedIntoTheRunningDaemon_shouldMoveThePriority_andTheVip() throws Exception {
        try (Routers p = HealthStatus.routers(); VrrpdNode r1 = p.vrrpd(1, 150, null);
             VrrpdNode r2 = p.vrrpd(2, 100, null)) {
            awaitState(r1, "MASTER", SETTLE);
            awaitState(r2, "BACKUP", SETTLE);
            Path dir = pluginDir(p);
            Path jar = examplePluginJar(dir.resolve("example-plugin.jar"));
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
            Path flag = p.lab.file("drain");
            String checks = "    checks:\n      - {type: file_flag, name: drain, path: " + flag
                    + ", up_when: absent, interval: 1s, weight: -60}\n";
            Files.writeString(r1.config(), config(r1, dir, p.instance(1, 150, checks)));
            long transitions1 = r1.instance(NAME).path("counters").path("transitions").asLong();
            long transitions2 = r2.instance(NAME).path("counters").path("transitions").asLong();
            long reloadUs = micros(Instant.now());
            JsonNode summary = r1.call("reload", null);
            assertTrue(summary.path("unchanged").toString().contains(NAME), summary.toString());
            Poll.until("drain check up", SETTLE, () -> {
                JsonNode c = contribution(r1, "drain");
                return c != null && c.path("up").asBoolean();
            });
            assertEquals(150, effective(r1));
            assertEquals("MASTER", r1.state(NAME));
            assertEquals("file_flag", HealthStatus.check(r1, "drain").path("type").asText());
            // a checks-only reload leaves the router alone: no state change on either node, and r1 never
            // advertised a lowered priority while its new check took its first run
            assertEquals(transitions1, r1.instance(NAME).path("counters").path("transitions").asLong());
            assertEquals(transitions2, r2.instance(NAME).path("counters").path("transitions").asLong());
            assertTrue(p.advertsFrom(1).stream().filter(f -> f.micros() >= reloadUs)
                    .allMatch(f -> f.vrrpPriority() == 150), "r1 advertised only 150 across the reload");

            Instant touched = Instant.now();
            Files.writeString(flag, "");
            long touchedUs = micros(touched);
            awaitState(r2, "MASTER", SETTLE);
            p.awaitVipOnlyOn(2, SETTLE);
            Pcap.Frame first = Poll.untilValue(() -> p.firstAdvertFrom(2, touchedUs).orElse(null), "r2 advert");
            System.out.printf("[health/plugin file_flag -60] flag touched -> r2 first advert %.1f ms%n",
                    (first.micros() - touchedUs) / 1000.0);
            assertEquals(90, effective(r1));
            assertEquals(-60, contribution(r1, "drain").path("delta").asInt());
            assertTrue(r1.process().logText().contains("check plugin " + jar + " loaded"));

            // a restart loads the plugin at start-up, before the config is bound
            r1.process().signal("TERM");
            r1.process().waitForExit(Duration.ofSeconds(10));
            r1.restart();
            awaitState(r1, "BACKUP", SETTLE);
            Poll.until("r1 effective 90 after restart", SETTLE, () -> effective(r1) == 90);
            Files.delete(flag);
            awaitState(r1, "MASTER", SETTLE);
            p.awaitVipOnlyOn(1, SETTLE);

            // an insecure plugin directory is refused at start, as a configuration the operator must fix
            r1.process().signal("TERM");
            r1.process().waitForExit(Duration.ofSeconds(10));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xrwx"));
            AssertionError e = assertThrows(AssertionError.class, r1::restart);
            assertTrue(e.getMessage().contains("world-writable"), e.getMessage());
            // exit 1, a configuration failure: the unit's RestartPreventExitStatus=1 does not restart it in a loop
            assertEquals(1, r1.process().waitForExit(Duration.ofSeconds(10)));
            assertNotNull(e);
        }
    }
}
