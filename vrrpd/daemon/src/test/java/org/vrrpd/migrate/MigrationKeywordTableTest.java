package org.vrrpd.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/MIGRATION.md's keyword table honest: every keyword of keepalived 2.2.7's own keyword table is in it
 * (and nothing else), and every keyword the importer carries over — adding it to a keepalived.conf changes the
 * YAML {@code vrrpctl import-keepalived} writes — is listed with a vrrpd equivalent, not "—".
 */
class MigrationKeywordTableTest {

    static final String NONE = "—";

    /**
     * keepalived 2.2.7's VRRP keywords by block: {@code init_vrrp_keywords} in keepalived/vrrp/vrrp_parser.c,
     * {@code add_track_file_keywords} in keepalived/trackers/track_file.c, and the VRRP keywords of
     * {@code global_defs} in keepalived/core/global_parser.c.
     */
    static final Map<String, List<String>> KEEPALIVED_227 = new LinkedHashMap<>();

    static {
        KEEPALIVED_227.put("top level", List.of("vrrp_instance", "vrrp_sync_group", "vrrp_script",
                "vrrp_track_process", "track_file", "vrrp_track_file", "track_group", "static_ipaddress",
                "static_routes", "static_rules", "garp_group", "linkbeat_interfaces", "interface_up_down_delays"));
        KEEPALIVED_227.put("vrrp_sync_group", List.of("group", "track_interface", "track_script", "track_file",
                "track_process", "track_bfd", "notify_backup", "notify_master", "notify_fault", "notify_stop",
                "notify", "smtp_alert", "global_tracking", "sync_group_tracking_weight", "notify_priority_changes"));
        KEEPALIVED_227.put("vrrp_instance", List.of("use_vmac", "use_vmac_addr", "vmac_xmit_base", "use_ipvlan",
                "unicast_peer", "unicast_fault_no_peer", "check_unicast_src", "old_unicast_checksum", "native_ipv6",
                "state", "interface", "vrf", "dont_track_primary", "track_interface", "track_script", "track_file",
                "track_process", "track_bfd", "mcast_src_ip", "unicast_src_ip", "mcast_dst_ip", "track_src_ip",
                "virtual_router_id", "unicast_ttl", "version", "priority", "advert_int", "virtual_ipaddress",
                "virtual_ipaddress_excluded", "promote_secondaries", "linkbeat_use_polling", "virtual_routes",
                "virtual_rules", "accept", "no_accept", "skip_check_adv_addr", "strict_mode", "preempt",
                "nopreempt", "preempt_delay", "debug", "notify_backup", "notify_master", "notify_fault",
                "notify_stop", "notify_deleted", "notify", "notify_master_rx_lower_pri", "smtp_alert",
                "notify_priority_changes", "lvs_sync_daemon_interface", "garp_master_delay", "garp_master_refresh",
                "garp_master_repeat", "garp_master_refresh_repeat", "garp_lower_prio_delay",
                "garp_lower_prio_repeat", "down_timer_adverts", "garp_extra_if", "vmac_garp_intvl",
                "lower_prio_no_advert", "higher_prio_send_advert", "kernel_rx_buf_size", "authentication"));
        KEEPALIVED_227.put("authentication", List.of("auth_type", "auth_pass"));
        KEEPALIVED_227.put("vrrp_script", List.of("script", "interval", "timeout", "weight", "rise", "fall", "user",
                "init_fail"));
        KEEPALIVED_227.put("vrrp_track_process", List.of("process", "param_match", "weight", "quorum",
                "quorum_max", "delay", "terminate_delay", "fork_delay", "full_command"));
        KEEPALIVED_227.put("track_file", List.of("file", "weight", "init_file"));
        KEEPALIVED_227.put("global_defs", List.of("vrrp_mcast_group4", "vrrp_mcast_group6",
                "vrrp_garp_master_delay", "vrrp_garp_master_repeat", "vrrp_garp_master_refresh",
                "vrrp_garp_master_refresh_repeat", "vrrp_garp_lower_prio_delay", "vrrp_garp_lower_prio_repeat",
                "vrrp_down_timer_adverts", "vrrp_garp_interval", "vrrp_gna_interval", "vrrp_min_garp",
                "vrrp_garp_extra_if", "vrrp_vmac_garp_intvl", "vrrp_lower_prio_no_advert",
                "vrrp_higher_prio_send_advert", "vrrp_version", "vrrp_iptables", "vrrp_ipsets",
                "vrrp_check_unicast_src", "vrrp_skip_check_adv_addr", "vrrp_strict", "vrrp_priority", "vrrp_no_swap",
                "vrrp_rt_priority", "vrrp_cpu_affinity", "vrrp_rlimit_rttime", "vrrp_rlimit_rtime",
                "vrrp_notify_fifo", "vrrp_notify_fifo_script", "vrrp_notify_priority_changes",
                "vrrp_netlink_cmd_rcv_bufs", "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs",
                "vrrp_netlink_monitor_rcv_bufs_force", "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier",
                "vrrp_startup_delay", "vrrp_process_name", "notify_fifo", "notify_fifo_script", "script_user",
                "enable_script_security", "dynamic_interfaces", "default_interface", "disable_local_igmp",
                "max_auto_priority", "min_auto_priority_delay", "fifo_write_vrrp_states_on_reload",
                "log_unknown_vrids", "vmac_prefix", "vmac_addr_prefix", "smtp_alert_vrrp", "router_id",
                "lvs_sync_daemon"));
    }

    /** One row of the table: keyword, block, vrrpd equivalent (or "—"). */
    record Row(String keyword, String block, String vrrpd) {
        boolean mapped() {
            return !vrrpd.startsWith(NONE);
        }
    }

    static Path migrationDoc() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs").resolve("MIGRATION.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("docs/MIGRATION.md not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("docs").resolve("MIGRATION.md");
    }

    /** The rows of the table under "## Every keepalived VRRP keyword". */
    static List<Row> table() throws IOException {
        List<String> lines = Files.readAllLines(migrationDoc(), StandardCharsets.UTF_8);
        int start = lines.indexOf("## Every keepalived VRRP keyword");
        assertTrue(start >= 0, "MIGRATION.md has no section '## Every keepalived VRRP keyword'");
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(start, lines.size())) {
            if (line.startsWith("## ") && !rows.isEmpty()) {
                break;
            }
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            assertTrue(cells.length >= 4, "a row with fewer than 3 cells: " + line);
            rows.add(new Row(unquote(cells[1]), unquote(cells[2]), cells[3].trim()));
        }
        return rows;
    }

    static String unquote(String cell) {
        return cell.trim().replace("`", "");
    }

    static Map<String, Row> byKey(List<Row> rows) {
        Map<String, Row> out = new LinkedHashMap<>();
        rows.forEach(r -> out.put(r.block() + " " + r.keyword(), r));
        return out;
    }

    @Test
    void table_shouldListEveryKeywordOfKeepalivedsTable_once_andNothingElse() throws IOException {
        List<Row> rows = table();
        Set<String> seen = new HashSet<>();
        List<String> twice = rows.stream().map(r -> r.block() + " " + r.keyword()).filter(k -> !seen.add(k)).toList();
        assertTrue(twice.isEmpty(), "listed twice: " + twice);

        Set<String> expected = new HashSet<>();
        KEEPALIVED_227.forEach((block, kws) -> kws.forEach(k -> expected.add(block + " " + k)));
        List<String> missing = expected.stream().filter(k -> !seen.contains(k)).sorted().toList();
        List<String> extra = seen.stream().filter(k -> !expected.contains(k)).sorted().toList();
        assertTrue(missing.isEmpty(), "keepalived 2.2.7 keywords missing from MIGRATION.md: " + missing);
        assertTrue(extra.isEmpty(), "rows that are not keepalived 2.2.7 keywords: " + extra);
        assertEquals(expected.size(), rows.size());
        rows.forEach(r -> assertTrue(!r.vrrpd().isEmpty(), "no vrrpd column: " + r));
    }

    @Test
    void everyKeywordTheImporterCarriesOver_shouldHaveAVrrpdEquivalentInTheTable() throws IOException {
        Map<String, Row> rows = byKey(table());
        String baseline = yaml(KeywordProbe.baseline());
        List<String> mapped = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (String block : KeywordProbe.PROBED_BLOCKS) {
            for (String keyword : KEEPALIVED_227.get(block)) {
                String conf = KeywordProbe.with(block, keyword);
                if (conf == null || yaml(conf).equals(baseline)) {
                    continue;
                }
                mapped.add(block + " " + keyword);
                Row row = rows.get(block + " " + keyword);
                if (row == null || !row.mapped()) {
                    wrong.add(block + " " + keyword + " (table: " + (row == null ? "missing" : row.vrrpd()) + ")");
                }
            }
        }
        System.out.printf("MIGRATION.md: %d keywords, %d with a vrrpd equivalent; the importer carries over %d"
                + " of the %d probed%n", rows.size(), rows.values().stream().filter(Row::mapped).count(),
                mapped.size(), KeywordProbe.PROBED_BLOCKS.stream().mapToInt(b -> KEEPALIVED_227.get(b).size()).sum());
        assertTrue(wrong.isEmpty(), "the importer carries these over but MIGRATION.md says '—': " + wrong);
        // the probe itself works: the keywords the importer has always mapped are seen as mapped
        for (String k : List.of("vrrp_instance interface", "vrrp_instance priority", "vrrp_instance nopreempt",
                "vrrp_instance virtual_ipaddress_excluded", "vrrp_instance unicast_peer", "vrrp_script fall",
                "global_defs vrrp_strict", "global_defs script_user", "vrrp_instance authentication")) {
            assertTrue(mapped.contains(k), "the probe did not see the importer map " + k + ": " + mapped);
        }
    }

    @Test
    void rowsMarkedWithoutEquivalent_shouldGiveAReason() throws IOException {
        List<String> bare = table().stream().filter(r -> !r.mapped())
                .filter(r -> reason(r).isEmpty()).map(r -> r.block() + " " + r.keyword()).toList();
        assertTrue(bare.isEmpty(), "'—' without a reason: " + bare);
    }

    /** The notes cell of a row, read again from the document. */
    static String reason(Row r) {
        try {
            return Files.readAllLines(migrationDoc(), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("| `" + r.keyword() + "` | `" + r.block() + "` |")
                            || l.startsWith("| `" + r.keyword() + "` | " + r.block() + " |"))
                    .map(l -> l.split("\\|"))
                    .map(c -> c.length > 4 ? c[4].trim() : "")
                    .collect(Collectors.joining());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The YAML the importer writes for {@code conf}, without its comment lines. */
    static String yaml(String conf) {
        try {
            String out = KeepalivedImporter.convert(conf, "keepalived.conf", Path.of("/nonexistent")).yaml();
            return out.lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n"));
        } catch (RuntimeException e) {
            throw new AssertionError("the importer crashed on:\n" + conf, e);
        }
    }
}
