package org.vrrpd.lab.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vrrpd.lab.fixture.Routers.NAME;
import static org.vrrpd.lab.fixture.Routers.awaitState;
import static org.vrrpd.lab.health.HealthStatus.effective;
import static org.vrrpd.lab.health.HealthStatus.micros;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.control.ControlException;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.VrrpdNode;
import org.vrrpd.lab.health.upgrade.QueueProbeBroken;
import org.vrrpd.lab.health.upgrade.QueueProbeV1;
import org.vrrpd.lab.health.upgrade.QueueProbeV2;
import org.vrrpd.lab.health.upgrade.QueueProbeV3;

/**
 * A plugin upgrade on a healthy Master never causes a failover: {@code queue-probe-1.0.0.jar} runs a check worth
 * +10; {@code queue-probe-1.0.1.jar} (a new file name, and a new setting {@code label} the config now uses) is
 * dropped beside it and the daemon reloaded; the old file is deleted and the new plugin host killed, so it is
 * restarted; a broken 2.0.0 whose first run is DOWN is refused and 1.0.1 kept; 1.0.2 written over the 1.0.1 file in
 * place (config unchanged) replaces it on the next reload. Throughout, the check stays up,
 * the priority stays 160, r1 stays Master and no advert with a lower priority appears on the wire.
 */
@Tag("lab")
class PluginUpgradeLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);
    static final int TOP = 160;

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    static String checks(Path queue, String extra) {
        return "    checks:\n      - {type: queue_probe, name: queue, path: " + queue + extra
                + ", interval: 2s, timeout: 2s, rise: 1, fall: 3, weight: 10}\n";
    }

    /** The check's entry in {@code vrrpctl checks --json}; asserts on the way that it is up. */
    static JsonNode upCheck(VrrpdNode r1) {
        JsonNode c = HealthStatus.check(r1, "queue");
        assertTrue(c != null && c.path("up").asBoolean(), "the check went down: " + c);
        return c;
    }

    @Test
    void upgradingAPluginJar_shouldNeverTakeTheCheckDown_norLowerTheMastersPriority() throws Exception {
        try (Routers p = HealthStatus.routers(); VrrpdNode r1 = p.vrrpd(1, 150, null);
             VrrpdNode r2 = p.vrrpd(2, 100, null)) {
            awaitState(r1, "MASTER", SETTLE);
            awaitState(r2, "BACKUP", SETTLE);
            Path dir = PluginLabTest.pluginDir(p);
            Path queue = Files.createDirectory(p.lab.file("queue"));
            Path v1 = AbusivePluginLabTest.pluginJar(QueueProbeV1.class, dir.resolve("queue-probe-1.0.0.jar"));
            Files.writeString(r1.config(), PluginLabTest.config(r1, dir, p.instance(1, 150, checks(queue, ""))));
            r1.call("reload", null);
            Poll.until("r1 at " + TOP + " with queue_probe 1.0.0 up", SETTLE, () -> effective(r1) == TOP
                    && "1.0.0".equals(HealthStatus.check(r1, "queue").path("detail").path("version").asText()));
            awaitState(r1, "MASTER", SETTLE);
            long daemon = r1.process().pid();
            Poll.until("host of 1.0.0", SETTLE, () -> AbusivePluginLabTest.hosts(daemon)
                    .containsKey("queue-probe-1.0.0.jar"));
            long transitions1 = r1.instance(NAME).path("counters").path("transitions").asLong();
            long transitions2 = r2.instance(NAME).path("counters").path("transitions").asLong();
            long sinceUs = micros(Instant.now());

            // 1.0.1 beside 1.0.0, and the config uses its new setting: 1.0.0 alone would refuse 'label'
            AbusivePluginLabTest.pluginJar(QueueProbeV2.class, dir.resolve("queue-probe-1.0.1.jar"));
            Files.writeString(r1.config(), PluginLabTest.config(r1, dir,
                    p.instance(1, 150, checks(queue, ", label: mx1"))));
            JsonNode summary = r1.call("reload", null);
            assertTrue(summary.path("unchanged").toString().contains(NAME), summary.toString());
            assertTrue(r1.process().logText().contains("check 'queue' ran UP on queue-probe-1.0.1.jar"),
                    "the new code ran once before the swap");
            JsonNode c = Poll.untilValue(() -> {
                JsonNode now = upCheck(r1); // up from the swap on: it kept the state its first run earned
                return "1.0.1".equals(now.path("detail").path("version").asText()) ? now : null;
            }, "queue_probe 1.0.1 running");
            assertEquals("mx1", c.path("detail").path("label").asText());
            assertEquals(TOP, effective(r1));
            Poll.until("the 1.0.0 host stopped", SETTLE, () -> {
                upCheck(r1);
                return !AbusivePluginLabTest.hosts(daemon).containsKey("queue-probe-1.0.0.jar");
            });

            // the old file goes, then the plugin host dies: its restart runs the copy of 1.0.1, not a deleted path
            Files.delete(v1);
            long host = AbusivePluginLabTest.hosts(daemon).get("queue-probe-1.0.1.jar");
            ProcessHandle.of(host).ifPresent(ProcessHandle::destroyForcibly);
            Poll.until("a new host for 1.0.1", SETTLE, () -> {
                Long h = AbusivePluginLabTest.hosts(daemon).get("queue-probe-1.0.1.jar");
                return h != null && h != host;
            });
            long restarted = AbusivePluginLabTest.hosts(daemon).get("queue-probe-1.0.1.jar");
            Poll.until("the restarted host answers", SETTLE, () -> upCheck(r1).path("consecutiveFail").asInt() == 0
                    && upCheck(r1).path("consecutiveOk").asInt() >= 2);
            assertNotEquals(host, restarted);
            assertTrue(!r1.process().logText().contains("is not a regular file"), "no host pointed at a deleted JAR");

            // a new version whose first run is DOWN is refused; 1.0.1 keeps running
            Path bad = AbusivePluginLabTest.pluginJar(QueueProbeBroken.class, dir.resolve("queue-probe-2.0.0.jar"));
            ControlException refused = assertThrows(ControlException.class, () -> r1.call("reload", null));
            assertTrue(refused.getMessage().contains("upgrade to queue-probe-2.0.0.jar refused")
                    && refused.getMessage().contains("cannot read the queue"), refused.getMessage());
            Files.delete(bad);
            assertEquals("1.0.1", upCheck(r1).path("detail").path("version").asText());
            assertEquals(restarted, (long) AbusivePluginLabTest.hosts(daemon).get("queue-probe-1.0.1.jar"),
                    "the running host was left alone");
            Poll.until("the refused version's host stopped", SETTLE, () -> {
                upCheck(r1);
                return !AbusivePluginLabTest.hosts(daemon).containsKey("queue-probe-2.0.0.jar");
            });

            // 1.0.2 written over queue-probe-1.0.1.jar in place, config unchanged: seen by its content, not its name
            AbusivePluginLabTest.pluginJar(QueueProbeV3.class, dir.resolve("queue-probe-1.0.1.jar"));
            r1.call("reload", null);
            Poll.untilValue(() -> "1.0.2".equals(upCheck(r1).path("detail").path("version").asText()) ? true : null,
                    "queue_probe 1.0.2 running after an in-place overwrite");

            assertEquals(TOP, effective(r1));
            assertEquals("MASTER", r1.state(NAME));
            String log = r1.process().logText();
            int firstUp = log.indexOf("check 'queue' is now UP");
            assertTrue(firstUp >= 0 && !log.substring(firstUp).contains("check 'queue' is now DOWN"),
                    "the check never went down once up");
            assertEquals(transitions1, r1.instance(NAME).path("counters").path("transitions").asLong());
            assertEquals(transitions2, r2.instance(NAME).path("counters").path("transitions").asLong());
            List<Pcap.Frame> adverts = p.advertsFrom(1).stream().filter(f -> f.micros() >= sinceUs).toList();
            assertTrue(adverts.size() >= 5, "r1 kept advertising: " + adverts.size());
            assertTrue(adverts.stream().allMatch(f -> f.vrrpPriority() == TOP), "r1 advertised only " + TOP + ": "
                    + adverts.stream().map(f -> String.valueOf(f.vrrpPriority())).distinct()
                    .collect(Collectors.joining(",")));
            assertTrue(p.advertsFrom(2).stream().noneMatch(f -> f.micros() >= sinceUs), "r2 never advertised");
        }
    }
}
