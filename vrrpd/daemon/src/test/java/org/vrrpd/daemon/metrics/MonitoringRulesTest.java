package org.vrrpd.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * monitoring/prometheus: the alert rules pass {@code promtool check rules} and their unit tests
 * ({@code promtool test rules}), carry the names and labels agreed with the fault campaign, read only metrics the
 * daemon exports, and every alert has a unit test where it fires and one where it stays quiet.
 */
class MonitoringRulesTest {

    static final List<String> ALERTS = List.of("VrrpdSplitBrain", "VrrpdNoMaster", "VrrpdFlapping", "VrrpdCheckDown",
            "VrrpdPeerAdvertsStopped");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Path rulesDir() {
        return Promtool.monitoring().resolve("prometheus");
    }

    private static List<JsonNode> rules() throws IOException {
        JsonNode doc = YAML.readTree(rulesDir().resolve("vrrpd-alerts.yml").toFile());
        assertEquals(1, doc.path("groups").size(), "one group");
        JsonNode group = doc.path("groups").get(0);
        assertEquals("vrrpd", group.path("name").asText());
        List<JsonNode> rules = new ArrayList<>();
        group.path("rules").forEach(rules::add);
        return rules;
    }

    @Test
    void promtoolCheckRules_shouldAcceptTheRulesFile() throws Exception {
        Promtool.Run run = Promtool.run(rulesDir(), "check", "rules", "vrrpd-alerts.yml");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("SUCCESS: " + ALERTS.size() + " rules found"), run.output());
    }

    @Test
    void promtoolTestRules_shouldPassEveryCase() throws Exception {
        Promtool.Run run = Promtool.run(rulesDir(), "test", "rules", "vrrpd-alerts.test.yml");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("SUCCESS"), run.output());
    }

    @Test
    void alerts_shouldBeTheAgreedFive_withVridFamilyAndASeverity() throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode r : rules()) {
            names.add(r.path("alert").asText());
            Set<String> grouped = new HashSet<>(List.of(r.path("expr").asText().replaceAll("\\s+", " ")
                    .split("[ (),]+")));
            assertTrue(grouped.contains("vrid") && grouped.contains("family"),
                    r.path("alert").asText() + " must give vrid and family: " + r.path("expr").asText());
            assertTrue(Set.of("critical", "warning").contains(r.path("labels").path("severity").asText()),
                    r.path("alert").asText());
            assertFalse(r.path("annotations").path("summary").asText().isEmpty(), r.path("alert").asText());
        }
        assertEquals(ALERTS, names);
    }

    /** The campaign holds a fault about 20 s: Master_Down_Interval (~3.6 s) + for: + a scrape must fit. */
    @Test
    void forDurations_shouldLetAFaultHeld20SecondsFire() throws IOException {
        for (JsonNode r : rules()) {
            if (r.has("for")) {
                Duration d = Duration.parse("PT" + r.path("for").asText().toUpperCase());
                assertTrue(d.compareTo(Duration.ofSeconds(5)) >= 0 && d.compareTo(Duration.ofSeconds(12)) <= 0,
                        r.path("alert").asText() + " for: " + d);
            }
        }
    }

    @Test
    void expressions_shouldReadOnlyMetricsTheDaemonExports() throws IOException {
        Set<String> exported = PromQl.exported();
        for (JsonNode r : rules()) {
            Set<String> read = PromQl.metricNames(r.path("expr").asText());
            assertFalse(read.isEmpty(), r.path("alert").asText());
            Set<String> unknown = new TreeSet<>(read);
            unknown.removeAll(exported);
            assertEquals(Set.of(), unknown, r.path("alert").asText() + " reads metrics vrrpd does not export");
        }
    }

    @Test
    void everyAlert_shouldHaveACaseWhereItFires_andOneWhereItStaysQuiet() throws IOException {
        JsonNode tests = YAML.readTree(rulesDir().resolve("vrrpd-alerts.test.yml").toFile());
        assertEquals("vrrpd-alerts.yml", tests.path("rule_files").get(0).asText());
        Set<String> fires = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode t : tests.path("tests")) {
            for (JsonNode a : t.path("alert_rule_test")) {
                (a.path("exp_alerts").isEmpty() ? quiet : fires).add(a.path("alertname").asText());
            }
        }
        assertEquals(new TreeSet<>(ALERTS), fires, "alerts with a firing case");
        assertEquals(new TreeSet<>(ALERTS), quiet, "alerts with a quiet case");
    }

    @Test
    void metricNames_shouldSkipFunctionsLabelsAndGrafanaVariables() {
        assertEquals(Set.of("vrrpd_instance_state", "vrrpd_instance_info"), PromQl.metricNames(
                "count by (vrid, family) ((vrrpd_instance_state{state=\"MASTER\", job=~\"$job\"} == 1)"
                        + " * on (job, instance) group_left (vrid) vrrpd_instance_info) > 1"));
        assertEquals(Set.of("vrrpd_check_latency_seconds_bucket"), PromQl.metricNames(
                "histogram_quantile(0.99, sum by (le) (rate(vrrpd_check_latency_seconds_bucket[$__rate_interval])))"));
        assertEquals(Set.of("up", "vrrpd_typo_total"), PromQl.metricNames("up == 0 or rate(vrrpd_typo_total[5m])"));
    }
}
