package org.vrrpd.lab.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * The shipped alert rules (monitoring/prometheus/vrrpd-alerts.yml) in Debian's Prometheus server, scraping two
 * real daemons every second: quiet while the pair is healthy, VrrpdPeerAdvertsStopped on the Backup when the
 * Master is killed, VrrpdSplitBrain while VRRP is cut between them, and nothing else.
 */
@Tag("lab")
class MonitoringLabTest {

    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final Duration FIRE = Duration.ofSeconds(40);
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
        assertTrue(Files.isExecutable(PROMETHEUS), "needs Debian's prometheus package (test-lab/install-deps)");
    }

    private static String metrics(Routers o, int n) {
        return "  metrics:\n    listen: " + o.v.hostAddress(n) + ":9650\n    allow_remote: true\n";
    }

    private static Path rules() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("monitoring/prometheus/vrrpd-alerts.yml"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "monitoring/prometheus/vrrpd-alerts.yml not found above the working directory");
        return dir.resolve("monitoring/prometheus/vrrpd-alerts.yml");
    }

    /** A GET on the Prometheus inside the client namespace, as JSON. */
    private static JsonNode api(Routers o, String path) throws IOException {
        String body = o.lab.exec("client", "python3", "-c", "import urllib.request,sys;"
                + "sys.stdout.write(urllib.request.urlopen('http://127.0.0.1:9090" + path + "').read().decode())");
        return JSON.readTree(body);
    }

    /** The alerts in state firing, or empty. */
    private static List<JsonNode> firing(Routers o) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode a : api(o, "/api/v1/alerts").path("data").path("alerts")) {
            if (a.path("state").asText().equals("firing")) {
                out.add(a);
            }
        }
        return out;
    }

    private static List<String> firingNames(Routers o) throws IOException {
        return firing(o).stream().map(a -> a.path("labels").path("alertname").asText()).toList();
    }

    private static JsonNode awaitFiring(Routers o, String alert) {
        JsonNode[] found = new JsonNode[1];
        Duration took = Poll.until(alert + " firing", FIRE, Duration.ofMillis(250), () -> {
            for (JsonNode a : firing(o)) {
                if (a.path("labels").path("alertname").asText().equals(alert)) {
                    found[0] = a;
                    return true;
                }
            }
            return false;
        });
        System.out.printf("[monitoring] %s firing %d ms after the test saw its condition: %s%n", alert,
                took.toMillis(), found[0].path("labels"));
        return found[0];
    }

    /** Polls for {@code period}, failing at once if any alert fires. */
    private static void assertQuietFor(Routers o, Duration period) {
        long end = System.nanoTime() + period.toNanos();
        Poll.until("quiet for " + period, period.plusSeconds(10), Duration.ofMillis(500), () -> {
            assertEquals(List.of(), firingNames(o), "alerts firing while the pair is healthy");
            return System.nanoTime() > end;
        });
    }

    @Test
    void shippedRules_shouldFireForATakeoverAndASplitBrain_andOnlyThen() throws Exception {
        try (Routers o = Routers.of(Variant.V3_IPV4).withClient().withoutCapture().build()) {
            VrrpdNode r1 = VrrpdNode.start(o.lab, "r1", metrics(o, 1), o.instance(1, 200, ""));
            Poll.until("r1 Master", SETTLE, () -> r1.state(Routers.NAME).equals("MASTER"));
            VrrpdNode r2 = VrrpdNode.start(o.lab, "r2", metrics(o, 2), o.instance(2, 100, ""));
            Poll.until("r2 Backup", SETTLE, () -> r2.state(Routers.NAME).equals("BACKUP"));
            Path config = o.lab.writeFile("prometheus.yml", "global:\n  scrape_interval: 1s\n"
                    + "  evaluation_interval: 1s\nrule_files:\n  - " + rules() + "\nscrape_configs:\n"
                    + "  - job_name: vrrpd\n    static_configs:\n      - targets: ['" + o.v.hostAddress(1) + ":9650', '"
                    + o.v.hostAddress(2) + ":9650']\n");
            o.lab.spawn("client", "prometheus", List.of(PROMETHEUS.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + o.lab.workDir().resolve("tsdb"), "--web.listen-address=127.0.0.1:9090"));
            Poll.until("Prometheus scraping both daemons", SETTLE, Duration.ofMillis(250), () -> api(o,
                    "/api/v1/query?query=count(vrrpd_instance_info)").path("data").path("result").path(0)
                    .path("value").path(1).asText().equals("2"));
            assertQuietFor(o, Duration.ofSeconds(15));

            // the Master dies: its adverts stop, the Backup takes over
            r1.process().signal("KILL");
            Poll.until("r2 Master", SETTLE, () -> r2.state(Routers.NAME).equals("MASTER"));
            JsonNode takeover = awaitFiring(o, "VrrpdPeerAdvertsStopped");
            assertEquals(o.v.hostAddress(2) + ":9650", takeover.path("labels").path("instance").asText());
            assertEquals(Integer.toString(o.vrid()), takeover.path("labels").path("vrid").asText());
            assertEquals("ipv4", takeover.path("labels").path("family").asText());
            assertEquals(List.of("VrrpdPeerAdvertsStopped"), firingNames(o));

            // back, preempting (not a takeover from a silent Master); then VRRP cut at r2: two Masters
            r1.restart();
            Poll.until("r1 Master again", SETTLE, () -> r1.state(Routers.NAME).equals("MASTER")
                    && r2.state(Routers.NAME).equals("BACKUP"));
            assertEquals(1, r1.instance(Routers.NAME).path("counters").path("masterDownExpired").asLong()
                    + r2.instance(Routers.NAME).path("counters").path("masterDownExpired").asLong());
            Path cut = o.lab.writeFile("cut-vrrp.nft", "table inet monitoring_lab {\n  chain in {\n"
                    + "    type filter hook input priority 0; policy accept;\n    meta l4proto 112 drop\n  }\n}\n");
            o.lab.exec("r2", "nft", "-f", cut.toString());
            Poll.until("r2 Master beside r1", SETTLE, () -> r2.state(Routers.NAME).equals("MASTER")
                    && r1.state(Routers.NAME).equals("MASTER"));
            JsonNode split = awaitFiring(o, "VrrpdSplitBrain");
            assertEquals(Integer.toString(o.vrid()), split.path("labels").path("vrid").asText());
            assertEquals("ipv4", split.path("labels").path("family").asText());
            assertFalse(firingNames(o).contains("VrrpdNoMaster"));

            o.lab.exec("r2", "nft", "delete", "table", "inet", "monitoring_lab");
            Poll.until("r2 Backup after the heal", SETTLE, () -> r2.state(Routers.NAME).equals("BACKUP"));
            Poll.until("VrrpdSplitBrain resolved", FIRE, Duration.ofMillis(250),
                    () -> !firingNames(o).contains("VrrpdSplitBrain"));
        }
    }
}
