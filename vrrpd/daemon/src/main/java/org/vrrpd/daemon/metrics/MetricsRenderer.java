package org.vrrpd.daemon.metrics;

import java.util.List;
import java.util.Map;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.status.CheckReport;
import org.vrrpd.status.ChecksReply;
import org.vrrpd.status.CounterStatus;
import org.vrrpd.status.InstanceStatus;
import org.vrrpd.status.KernelFilterStatus;
import org.vrrpd.status.StatusReply;
import org.vrrpd.status.SyncGroupStatus;

/**
 * Turns a status snapshot (what {@code vrrpctl status} shows, taken on the protocol thread), the checks snapshot
 * and the latency histograms into Prometheus text. Pure: the same input gives the same text.
 */
public final class MetricsRenderer {

    /**
     * The label naming the VRRP instance. Not {@code instance}: Prometheus attaches that label to every scraped
     * series (the target), so an exported {@code instance} would be renamed {@code exported_instance} on scrape.
     */
    public static final String INSTANCE = "vrrp_instance";

    /** Daemon-wide counters that live outside the status document (notify, metrics itself). */
    public record Extra(long notifyEventsDropped, long notifyFifoLinesDropped, long notifyScriptFailures) {
        public static final Extra NONE = new Extra(0, 0, 0);
    }

    private MetricsRenderer() {
    }

    public static String render(StatusReply status, ChecksReply checks, CheckLatencyHistograms histograms,
                                Extra extra) {
        TextExposition t = new TextExposition();
        t.family("vrrpd_build_info", "gauge", "Build information; the value is always 1.");
        t.sample("vrrpd_build_info", 1, "version", status.version() == null ? "unknown" : status.version());
        t.family("vrrpd_uptime_seconds", "gauge", "Seconds since the daemon started.");
        t.sample("vrrpd_uptime_seconds", status.uptimeMs() / 1000.0);
        t.family("vrrpd_config_error", "gauge",
                "1 when the last reload was refused and the daemon runs the previous configuration.");
        t.sample("vrrpd_config_error", status.configError() == null ? 0 : 1);
        instances(t, status.instances());
        syncGroups(t, status.syncGroups());
        kernelFilter(t, status.kernelFilter());
        checks(t, checks.checks(), histograms);
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

    /** The counters of the daemon's nf_tables table (Accept_Mode, vrrp_guard). */
    private static void kernelFilter(TextExposition t, KernelFilterStatus kf) {
        t.family("vrrpd_accept_mode_drops_total", "counter",
                "Packets to the VIPs of non-owner Active routers with accept_mode false, dropped in the kernel.");
        t.sample("vrrpd_accept_mode_drops_total", kf.acceptModeDrops());
        t.family("vrrpd_vrrp_guard_drops_total", "counter",
                "VRRP packets the vrrp_guard rules dropped in the kernel (not a peer, off-link, or no instance).");
        t.sample("vrrpd_vrrp_guard_drops_total", kf.guardDrops());
    }

    private static void instances(TextExposition t, List<InstanceStatus> list) {
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
        t.family("vrrpd_master_down_expired_total", "counter",
                "Master_Down_Timer expiries in Backup after hearing a Master: its adverts stopped and this router took"
                        + " over (the start-up wait, priority-0 handovers and preemptions are not counted).");
        t.family("vrrpd_adverts_dropped_total", "counter", "Received packets dropped, by reason.");
        t.family("vrrpd_advert_observations_total", "counter",
                "Accepted adverts with a logged mismatch (interval, address list), by kind.");
        for (InstanceStatus i : list) {
            String name = i.name();
            for (VrrpState s : VrrpState.values()) {
                t.sample("vrrpd_instance_state", s == i.state() ? 1 : 0, INSTANCE, name, "state", s.name());
            }
            t.sample("vrrpd_instance_priority", i.priority().effective(), INSTANCE, name);
            t.sample("vrrpd_instance_base_priority", i.priority().base(), INSTANCE, name);
            t.sample("vrrpd_instance_maintenance", i.maintenance() ? 1 : 0, INSTANCE, name);
            t.sample("vrrpd_instance_info", 1, INSTANCE, name, "interface", i.interfaceName(),
                    "vrid", Integer.toString(i.vrid()), "family", i.family(), "version", Integer.toString(i.version()));
            CounterStatus c = i.counters();
            t.sample("vrrpd_transitions_total", c.transitions(), INSTANCE, name);
            t.sample("vrrpd_became_master_total", c.becameMaster(), INSTANCE, name);
            t.sample("vrrpd_adverts_sent_total", c.advertsSent(), INSTANCE, name);
            t.sample("vrrpd_adverts_received_total", c.advertsReceived(), INSTANCE, name);
            t.sample("vrrpd_priority_zero_sent_total", c.priorityZeroSent(), INSTANCE, name);
            t.sample("vrrpd_priority_zero_received_total", c.priorityZeroReceived(), INSTANCE, name);
            t.sample("vrrpd_send_errors_total", c.sendErrors(), INSTANCE, name);
            t.sample("vrrpd_vip_restores_total", c.vipRestored(), INSTANCE, name);
            t.sample("vrrpd_master_down_expired_total", c.masterDownExpired(), INSTANCE, name);
            for (Map.Entry<String, Long> e : c.drops().entrySet()) {
                t.sample("vrrpd_adverts_dropped_total", e.getValue(), INSTANCE, name, "reason", e.getKey());
            }
            for (Map.Entry<String, Long> e : c.observations().entrySet()) {
                t.sample("vrrpd_advert_observations_total", e.getValue(), INSTANCE, name, "kind", e.getKey());
            }
        }
    }

    private static void syncGroups(TextExposition t, List<SyncGroupStatus> groups) {
        t.family("vrrpd_sync_group_state", "gauge", "1 for the sync group's current state, 0 for the others.");
        t.family("vrrpd_sync_group_member", "gauge", "1 for each member of a sync group (group and instance).");
        for (SyncGroupStatus g : groups) {
            for (VrrpState s : VrrpState.values()) {
                t.sample("vrrpd_sync_group_state", s == g.state() ? 1 : 0, "group", g.name(), "state", s.name());
            }
            for (SyncGroupStatus.Member m : g.members()) {
                t.sample("vrrpd_sync_group_member", 1, "group", g.name(), INSTANCE, m.name());
            }
        }
    }

    private static void checks(TextExposition t, List<CheckReport> list, CheckLatencyHistograms histograms) {
        t.family("vrrpd_check_up", "gauge", "1 while the check is up (after rise/fall), 0 while down.");
        t.family("vrrpd_check_weight", "gauge", "Configured weight (0 = Fault while down).");
        t.family("vrrpd_check_priority_delta", "gauge",
                "Points the check adds to (or takes from) the instance's priority now.");
        t.family("vrrpd_check_last_latency_seconds", "gauge", "Duration of the check's last run.");
        t.family("vrrpd_check_latency_seconds", "histogram", "Duration of check runs.");
        for (CheckReport c : list) {
            t.sample("vrrpd_check_up", c.up() ? 1 : 0, INSTANCE, c.instance(), "check", c.name());
            t.sample("vrrpd_check_weight", c.weight(), INSTANCE, c.instance(), "check", c.name());
            t.sample("vrrpd_check_priority_delta", c.delta(), INSTANCE, c.instance(), "check", c.name());
            if (c.latencyMs() != null) {
                t.sample("vrrpd_check_last_latency_seconds", c.latencyMs() / 1000.0, INSTANCE, c.instance(),
                        "check", c.name());
            }
        }
        histograms.snapshot().forEach((inst, checks) -> checks.forEach((name, h) -> {
            for (int i = 0; i < CheckLatencyHistograms.BUCKETS.length; i++) {
                t.sample("vrrpd_check_latency_seconds", "_bucket", h.buckets()[i], INSTANCE, inst, "check", name,
                        "le", TextExposition.number(CheckLatencyHistograms.BUCKETS[i]));
            }
            t.sample("vrrpd_check_latency_seconds", "_bucket", h.count(), INSTANCE, inst, "check", name, "le",
                    "+Inf");
            t.sample("vrrpd_check_latency_seconds", "_sum", h.sum(), INSTANCE, inst, "check", name);
            t.sample("vrrpd_check_latency_seconds", "_count", h.count(), INSTANCE, inst, "check", name);
        }));
    }
}
