package org.vrrpd.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * monitoring/grafana/vrrpd-dashboard.json: it parses, every query reads only metrics the daemon exports, it shows
 * state, the priority breakdown, adverts and check latency, and (with promtool) every query is valid PromQL.
 */
class MonitoringDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*\\w+\\)");

    private static JsonNode dashboard() throws IOException {
        return JSON.readTree(Promtool.monitoring().resolve("grafana/vrrpd-dashboard.json").toFile());
    }

    /** Every panel's queries, by "panel title / refId"; rows may nest panels. */
    private static Map<String, String> queries(JsonNode d) {
        Map<String, String> out = new LinkedHashMap<>();
        List<JsonNode> panels = new ArrayList<>();
        d.path("panels").forEach(panels::add);
        for (int i = 0; i < panels.size(); i++) {
            JsonNode p = panels.get(i);
            p.path("panels").forEach(panels::add);
            for (JsonNode t : p.path("targets")) {
                out.put(p.path("title").asText() + " / " + t.path("refId").asText(), t.path("expr").asText());
            }
        }
        for (JsonNode v : d.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                Matcher m = LABEL_VALUES.matcher(v.path("definition").asText());
                assertTrue(m.matches(), "variable " + v.path("name").asText() + ": " + v.path("definition"));
                out.put("variable " + v.path("name").asText(), m.group(1));
            }
        }
        return out;
    }

    @Test
    void dashboard_shouldParse_withUniquePanelIdsAndAPrometheusDataSourceVariable() throws IOException {
        JsonNode d = dashboard();
        assertEquals("vrrpd", d.path("title").asText());
        Set<Integer> ids = new HashSet<>();
        for (JsonNode p : d.path("panels")) {
            assertTrue(ids.add(p.path("id").asInt()), "duplicate panel id " + p.path("id"));
            if (!p.path("type").asText().equals("row")) {
                assertEquals("${datasource}", p.path("datasource").path("uid").asText(), p.path("title").asText());
                assertFalse(p.path("targets").isEmpty(), p.path("title").asText());
            }
        }
        JsonNode ds = d.path("templating").path("list").get(0);
        assertEquals("datasource", ds.path("type").asText());
        assertEquals("prometheus", ds.path("query").asText());
    }

    @Test
    void everyQuery_shouldReadOnlyMetricsTheDaemonExports() throws IOException {
        Set<String> exported = PromQl.exported();
        Map<String, String> queries = queries(dashboard());
        assertTrue(queries.size() > 20, queries.keySet().toString());
        queries.forEach((where, expr) -> {
            Set<String> read = PromQl.metricNames(expr);
            assertFalse(read.isEmpty(), where + ": " + expr);
            Set<String> unknown = new TreeSet<>(read);
            unknown.removeAll(exported);
            assertEquals(Set.of(), unknown, where + " reads metrics vrrpd does not export: " + expr);
        });
    }

    @Test
    void dashboard_shouldShowStatePriorityBreakdownAdvertsAndCheckLatency() throws IOException {
        Set<String> read = new TreeSet<>();
        queries(dashboard()).values().forEach(e -> read.addAll(PromQl.metricNames(e)));
        assertTrue(read.containsAll(Set.of("vrrpd_instance_state", "vrrpd_instance_priority",
                "vrrpd_instance_base_priority", "vrrpd_check_priority_delta", "vrrpd_adverts_sent_total",
                "vrrpd_adverts_received_total", "vrrpd_adverts_dropped_total", "vrrpd_check_latency_seconds_bucket",
                "vrrpd_check_up", "vrrpd_master_down_expired_total")), read.toString());
    }

    /** promtool has no query checker, but it parses every rule's expression: one recording rule per query. */
    @Test
    void everyQuery_shouldBeValidPromQl() throws Exception {
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode group = doc.putArray("groups").addObject().put("name", "dashboard");
        ArrayNode rules = group.putArray("rules");
        int n = 0;
        for (String expr : queries(dashboard()).values()) {
            rules.addObject().put("record", "dashboard:query" + n++).put("expr", expr
                    .replace("$__rate_interval", "1m").replaceAll("\\$\\w+", ".*"));
        }
        Path dir = Files.createTempDirectory("dashboard");
        try {
            Files.writeString(dir.resolve("queries.json"), JSON.writeValueAsString(doc));
            Promtool.Run run = Promtool.run(dir, "check", "rules", "queries.json");
            assertEquals(0, run.exit(), run.output());
        } finally {
            Files.deleteIfExists(dir.resolve("queries.json"));
            Files.deleteIfExists(dir);
        }
    }
}
