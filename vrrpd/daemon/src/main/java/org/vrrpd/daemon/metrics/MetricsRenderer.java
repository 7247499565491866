package org.vrrpd.daemon.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns a status snapshot (the JSON {@code vrrpctl status --json} prints, taken on the protocol thread), the
 * checks snapshot and the latency histograms into Prometheus text. Pure: the same input gives the same text.
 */
public final class MetricsRenderer {

    /** Daemon-wide counters that live outside the status document (notify, metrics itself). */
    public record Extra(long notifyEventsDropped, long notifyFifoLinesDropped, long notifyScriptFailures) {
        public static final Extra NONE = new Extra(0, 0, 0);
    }

    static final String[] STATES = {"INITIALIZE", "BACKUP", "MASTER", "FAULT"};

    private MetricsRenderer() {
    }

    public static String render(JsonNode status, JsonNode checks, CheckLatencyHistograms histograms, Extra extra) {
        TextExposition t = new TextExposition();
        t.family("vrrpd_build_info", "gauge", "Build information; the value is always 1.");
        t.sample("vrrpd_build_info", 1, "version", status.path("version").asText("unknown"));
        t.family("vrrpd_uptime_seconds", "gauge", "Seconds since the daemon started.");
        t.sample("vrrpd_uptime_seconds", status.path("uptimeMs").asLong() / 1000.0);
        t.family("vrrpd_config_error", "gauge",
                "1 when the last reload was refused and the daemon runs the previous configuration.");
        t.sample("vrrpd_config_error", status.path("configError").isNull()
                || status.path("configError").isMissingNode() ? 0 : 1);
        instances(t, status.path("instances"));
        kernelFilter(t, status.path("kernelFilter"));
        checks(t, checks.path("checks"), histograms);
        t.family("vrrpd_notify_events_dropped_total", "counter",
                "State changes not notified because the notify queue was full.");
        t.sample("vrrpd_notify_events_dropped_total", extra.notifyEventsDropped());
        t.family("vrrpd_notify_fifo_lines_dropped_total", "counter",
                "notify_fifo lines dropped (no reader, full pipe or error).");
        t.sample("vrrpd_notify_fifo_lines_dropped_total", extra.notifyFifoLinesDropped());
        t.family("vrrpd_notify_script_failures_total", "counter",
                "Notify scripts that could not start, exited non-zero or were killed at their timeout.");
        t.sample("vrrpd_notify_script_failures_total", extra.notifyScriptFailures());
        return t.render();
    }

    /** The counters of the daemon's nf_tables table (Accept_Mode, vrrp_guard), when it reports them. */
    private static void kernelFilter(TextExposition t, JsonNode kf) {
        if (!kf.isObject()) {
            return;
        }
        t.family("vrrpd_accept_mode_drops_total", "counter",
                "Packets to the VIPs of non-owner Active routers with accept_mode false, dropped in the kernel.");
        t.sample("vrrpd_accept_mode_drops_total", kf.path("acceptModeDrops").asLong());
        t.family("vrrpd_vrrp_guard_drops_total", "counter",
                "VRRP packets the vrrp_guard rules dropped in the kernel (not a peer, off-link, or no instance).");
        t.sample("vrrpd_vrrp_guard_drops_total", kf.path("guardDrops").asLong());
    }

    private static void instances(TextExposition t, JsonNode list) {
        t.family("vrrpd_instance_state", "gauge", "1 for the instance's current state, 0 for the others.");
        t.family("vrrpd_instance_priority", "gauge", "Effective priority (base plus check and tracking weights).");
        t.family("vrrpd_instance_base_priority", "gauge", "Configured priority.");
        t.family("vrrpd_instance_maintenance", "gauge", "1 while the instance is in maintenance.");
        t.family("vrrpd_instance_info", "gauge", "Static instance facts as labels; the value is always 1.");
        t.family("vrrpd_transitions_total", "counter", "State changes.");
        t.family("vrrpd_became_master_total", "counter", "Transitions into Master.");
        t.family("vrrpd_adverts_sent_total", "counter", "Advertisements sent.");
        t.family("vrrpd_adverts_received_total", "counter", "Advertisements accepted by the receive checks.");
        t.family("vrrpd_priority_zero_sent_total", "counter", "Priority-0 advertisements sent (handover).");
        t.family("vrrpd_priority_zero_received_total", "counter", "Priority-0 advertisements received.");
        t.family("vrrpd_send_errors_total", "counter", "Advertisements the socket refused.");
        t.family("vrrpd_vip_restores_total", "counter", "VIPs put back after being removed while Master.");
        t.family("vrrpd_adverts_dropped_total", "counter", "Received packets dropped, by reason.");
        t.family("vrrpd_advert_observations_total", "counter",
                "Accepted adverts with a logged mismatch (interval, address list), by kind.");
        for (JsonNode i : list) {
            String name = i.path("name").asText();
            String state = i.path("state").asText();
            for (String s : STATES) {
                t.sample("vrrpd_instance_state", s.equals(state) ? 1 : 0, "instance", name, "state", s);
            }
            t.sample("vrrpd_instance_priority", i.path("priority").path("effective").asInt(), "instance", name);
            t.sample("vrrpd_instance_base_priority", i.path("priority").path("base").asInt(), "instance", name);
            t.sample("vrrpd_instance_maintenance", i.path("maintenance").asBoolean() ? 1 : 0, "instance", name);
            t.sample("vrrpd_instance_info", 1, "instance", name, "interface", i.path("interface").asText(),
                    "vrid", i.path("vrid").asText(), "family", i.path("family").asText(),
                    "version", i.path("version").asText());
            JsonNode c = i.path("counters");
            t.sample("vrrpd_transitions_total", c.path("transitions").asLong(), "instance", name);
            t.sample("vrrpd_became_master_total", c.path("becameMaster").asLong(), "instance", name);
            t.sample("vrrpd_adverts_sent_total", c.path("advertsSent").asLong(), "instance", name);
            t.sample("vrrpd_adverts_received_total", c.path("advertsReceived").asLong(), "instance", name);
            t.sample("vrrpd_priority_zero_sent_total", c.path("priorityZeroSent").asLong(), "instance", name);
            t.sample("vrrpd_priority_zero_received_total", c.path("priorityZeroReceived").asLong(), "instance",
                    name);
            t.sample("vrrpd_send_errors_total", c.path("sendErrors").asLong(), "instance", name);
            t.sample("vrrpd_vip_restores_total", c.path("vipRestored").asLong(), "instance", name);
            for (Iterator<Map.Entry<String, JsonNode>> it = c.path("drops").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                t.sample("vrrpd_adverts_dropped_total", e.getValue().asLong(), "instance", name, "reason",
                        e.getKey());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = c.path("observations").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                t.sample("vrrpd_advert_observations_total", e.getValue().asLong(), "instance", name, "kind",
                        e.getKey());
            }
        }
    }

    private static void checks(TextExposition t, JsonNode list, CheckLatencyHistograms histograms) {
        t.family("vrrpd_check_up", "gauge", "1 while the check is up (after rise/fall), 0 while down.");
        t.family("vrrpd_check_weight", "gauge", "Configured weight (0 = Fault while down).");
        t.family("vrrpd_check_last_latency_seconds", "gauge", "Duration of the check's last run.");
        t.family("vrrpd_check_latency_seconds", "histogram", "Duration of check runs.");
        for (JsonNode c : list) {
            String inst = c.path("instance").asText();
            String name = c.path("name").asText();
            t.sample("vrrpd_check_up", c.path("up").asBoolean() ? 1 : 0, "instance", inst, "check", name);
            t.sample("vrrpd_check_weight", c.path("weight").asInt(), "instance", inst, "check", name);
            if (c.path("latencyMs").isNumber()) {
                t.sample("vrrpd_check_last_latency_seconds", c.path("latencyMs").asDouble() / 1000.0, "instance",
                        inst, "check", name);
            }
        }
        histograms.snapshot().forEach((inst, checks) -> checks.forEach((name, h) -> {
            for (int i = 0; i < CheckLatencyHistograms.BUCKETS.length; i++) {
                t.sample("vrrpd_check_latency_seconds", "_bucket", h.buckets()[i], "instance", inst, "check", name,
                        "le", TextExposition.number(CheckLatencyHistograms.BUCKETS[i]));
            }
            t.sample("vrrpd_check_latency_seconds", "_bucket", h.count(), "instance", inst, "check", name, "le",
                    "+Inf");
            t.sample("vrrpd_check_latency_seconds", "_sum", h.sum(), "instance", inst, "check", name);
            t.sample("vrrpd_check_latency_seconds", "_count", h.count(), "instance", inst, "check", name);
        }));
    }
}
