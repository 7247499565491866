package org.vrrpd.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.vrrpd.control.ControlProtocol;
import org.vrrpd.status.ChecksReply;
import org.vrrpd.status.StatusReply;

class MetricsRendererTest {

    /** A status document as the control socket writes it, read back into the records. */
    static <T> T resource(String name, Class<T> type) throws IOException {
        try (InputStream in = MetricsRendererTest.class.getResourceAsStream("/metrics/" + name)) {
            return ControlProtocol.JSON.readValue(in, type);
        }
    }

    static StatusReply status() throws IOException {
        return resource("status.json", StatusReply.class);
    }

    static ChecksReply checks() throws IOException {
        return resource("checks.json", ChecksReply.class);
    }

    static String sample() throws IOException {
        CheckLatencyHistograms h = new CheckLatencyHistograms();
        h.observe("mail_v4", "smtp", Duration.ofMillis(3));
        h.observe("mail_v4", "smtp", Duration.ofMillis(70));
        h.observe("mail_v4", "smtp", Duration.ofSeconds(30));
        return MetricsRenderer.render(status(), checks(), h,
                new MetricsRenderer.Extra(1, 2, 3));
    }

    @Test
    void state_shouldBeOneHotOverAllStates() throws IOException {
        String text = sample();
        assertTrue(text.contains("vrrpd_instance_state{vrrp_instance=\"mail_v4\",state=\"MASTER\"} 1\n"));
        assertTrue(text.contains("vrrpd_instance_state{vrrp_instance=\"mail_v4\",state=\"BACKUP\"} 0\n"));
        assertTrue(text.contains("vrrpd_instance_state{vrrp_instance=\"mail \\\"v6\\\"\",state=\"BACKUP\"} 1\n"));
    }

    @Test
    void counters_shouldCarryPrioritiesDropsByReasonAndRestores() throws IOException {
        String text = sample();
        assertTrue(text.contains("vrrpd_instance_priority{vrrp_instance=\"mail \\\"v6\\\"\"} 40\n"));
        assertTrue(text.contains("vrrpd_instance_base_priority{vrrp_instance=\"mail \\\"v6\\\"\"} 100\n"));
        assertTrue(text.contains("vrrpd_adverts_dropped_total{vrrp_instance=\"mail_v4\",reason=\"ttl_not_255\"} 4\n"));
        assertTrue(text.contains("vrrpd_vip_restores_total{vrrp_instance=\"mail_v4\"} 1\n"));
        assertTrue(text.contains("vrrpd_priority_zero_received_total{vrrp_instance=\"mail_v4\"} 1\n"));
        assertTrue(text.contains("vrrpd_instance_maintenance{vrrp_instance=\"mail \\\"v6\\\"\"} 1\n"));
        assertTrue(text.contains("vrrpd_build_info{version=\"0.1.0-SNAPSHOT\"} 1\n"));
        assertTrue(text.contains("vrrpd_notify_script_failures_total 3\n"));
    }

    @Test
    void noSample_shouldUseTheInstanceLabelThatPrometheusGivesTheTarget() throws IOException {
        String text = sample();
        assertTrue(text.contains("vrrp_instance=\""), text);
        for (String line : text.split("\n")) {
            assertFalse(line.contains("{instance=") || line.contains(",instance="), line);
        }
    }

    @Test
    void kernelFilter_shouldExposeTheTablesDropCounters() throws IOException {
        String text = sample();
        assertTrue(text.contains("vrrpd_accept_mode_drops_total 12\n"), text);
        assertTrue(text.contains("vrrpd_vrrp_guard_drops_total 7\n"), text);
    }

    @Test
    void checks_shouldExposeUpLastLatencyAndCumulativeHistogram() throws IOException {
        String text = sample();
        assertTrue(text.contains("vrrpd_check_up{vrrp_instance=\"mail_v4\",check=\"nfs\"} 0\n"));
        assertTrue(text.contains("vrrpd_check_last_latency_seconds{vrrp_instance=\"mail_v4\",check=\"smtp\"} 0.00325\n"));
        assertTrue(text.contains("vrrpd_check_latency_seconds_bucket{vrrp_instance=\"mail_v4\",check=\"smtp\",le=\"0.005\"} 1\n"));
        assertTrue(text.contains("vrrpd_check_latency_seconds_bucket{vrrp_instance=\"mail_v4\",check=\"smtp\",le=\"0.1\"} 2\n"));
        assertTrue(text.contains("vrrpd_check_latency_seconds_bucket{vrrp_instance=\"mail_v4\",check=\"smtp\",le=\"+Inf\"} 3\n"));
        assertTrue(text.contains("vrrpd_check_latency_seconds_count{vrrp_instance=\"mail_v4\",check=\"smtp\"} 3\n"));
    }

    @Test
    void masterDownExpiries_shouldBeCountedPerInstance() throws IOException {
        String text = sample();
        assertTrue(text.contains("# TYPE vrrpd_master_down_expired_total counter\n"), text);
        assertTrue(text.contains("vrrpd_master_down_expired_total{vrrp_instance=\"mail_v4\"} 1\n"), text);
        assertTrue(text.contains("vrrpd_master_down_expired_total{vrrp_instance=\"mail \\\"v6\\\"\"} 0\n"), text);
    }

    @Test
    void priorityBreakdown_shouldGiveEachChecksDeltaNow() throws IOException {
        String text = sample();
        assertTrue(text.contains("vrrpd_check_priority_delta{vrrp_instance=\"mail_v4\",check=\"imap\"} -20\n"), text);
        assertTrue(text.contains("vrrpd_check_priority_delta{vrrp_instance=\"mail_v4\",check=\"smtp\"} 0\n"), text);
    }

    @Test
    void noChecksYet_shouldStillRenderValidFamilies() throws IOException {
        String text = MetricsRenderer.render(status(), new ChecksReply(List.of()),
                new CheckLatencyHistograms(), MetricsRenderer.Extra.NONE);
        assertTrue(text.contains("# TYPE vrrpd_check_latency_seconds histogram\n"));
        assertTrue(!text.contains("vrrpd_check_up{"));
    }

    /** Runs promtool when it is installed (Debian package prometheus); the lab test always runs it. */
    @Test
    void promtool_shouldAcceptTheOutput() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool not installed");
        assertEquals("", promtool(sample()));
    }

    /** {@code promtool check metrics} on {@code text}; returns its complaints ("" when clean). */
    public static String promtool(String text) throws Exception {
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream out = p.getOutputStream()) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue() == 0 ? "" : "exit " + p.exitValue() + ": " + said;
    }
}
