package org.vrrpd.migrate;

import java.util.List;
import java.util.Map;

/**
 * keepalived.conf texts for {@link MigrationKeywordTableTest}: a baseline with one instance (tracking one script,
 * in one sync group, beside one tracked file and one tracked process), and the same with one more keyword in one
 * block, given a plausible argument. If the importer's YAML differs from the baseline's, the importer carries
 * the keyword over.
 */
final class KeywordProbe {

    /** The blocks whose keywords are probed. */
    static final List<String> PROBED_BLOCKS = List.of("vrrp_instance", "global_defs", "vrrp_script",
            "vrrp_sync_group", "track_file", "vrrp_track_process");

    /** Arguments of keywords that need more than the default "2" (a block keyword gets its body). */
    private static final Map<String, String> ARGS = Map.ofEntries(
            Map.entry("interface", "eth1"),
            Map.entry("virtual_router_id", "7"),
            Map.entry("priority", "42"),
            Map.entry("advert_int", "3"),
            Map.entry("version", "3"),
            Map.entry("state", "MASTER"),
            Map.entry("virtual_ipaddress", "{\n      192.0.2.2/24\n    }"),
            Map.entry("virtual_ipaddress_excluded", "{\n      192.0.2.3/24\n    }"),
            Map.entry("unicast_peer", "{\n      192.0.2.9\n    }"),
            Map.entry("unicast_src_ip", "192.0.2.5"),
            Map.entry("mcast_src_ip", "192.0.2.5"),
            Map.entry("mcast_dst_ip", "224.0.0.19"),
            Map.entry("track_interface", "{\n      eth2\n    }"),
            Map.entry("track_script", "{\n      chk2\n    }"),
            Map.entry("track_file", "{\n      tf\n    }"),
            Map.entry("track_process", "{\n      tp\n    }"),
            Map.entry("track_bfd", "{\n      bfd1\n    }"),
            Map.entry("virtual_routes", "{\n      198.51.100.0/24 via 192.0.2.254\n    }"),
            Map.entry("virtual_rules", "{\n      from 192.0.2.100 table 100\n    }"),
            Map.entry("authentication", "{\n      auth_type PASS\n      auth_pass s3cret\n    }"),
            Map.entry("group", "{\n      vi\n      other\n    }"),
            Map.entry("notify", "/bin/true"),
            Map.entry("notify_master", "/bin/true"),
            Map.entry("notify_backup", "/bin/true"),
            Map.entry("notify_fault", "/bin/true"),
            Map.entry("notify_stop", "/bin/true"),
            Map.entry("notify_deleted", "/bin/true"),
            Map.entry("notify_master_rx_lower_pri", "/bin/true"),
            Map.entry("vrrp_notify_fifo", "/run/keepalived.fifo"),
            Map.entry("notify_fifo", "/run/keepalived.fifo"),
            Map.entry("vrrp_notify_fifo_script", "/bin/true"),
            Map.entry("notify_fifo_script", "/bin/true"),
            Map.entry("script_user", "nobody"),
            Map.entry("user", "nobody"),
            Map.entry("script", "\"/usr/local/bin/other-check\""),
            Map.entry("process", "dovecot"),
            Map.entry("file", "/run/other.weight"),
            Map.entry("vrrp_mcast_group4", "224.0.0.19"),
            Map.entry("vrrp_mcast_group6", "ff02::13"),
            Map.entry("router_id", "node2"),
            Map.entry("vrrp_version", "3"),
            Map.entry("use_vmac", ""),
            Map.entry("nopreempt", ""),
            Map.entry("preempt", ""),
            Map.entry("accept", ""),
            Map.entry("no_accept", ""),
            Map.entry("dont_track_primary", ""),
            Map.entry("vrrp_strict", ""),
            Map.entry("strict_mode", ""),
            Map.entry("enable_script_security", ""));

    private KeywordProbe() {
    }

    static String baseline() {
        return render(null, null);
    }

    /** The baseline with {@code keyword} added to {@code block}. */
    static String with(String block, String keyword) {
        return render(block, keyword);
    }

    private static String line(String forBlock, String block, String keyword) {
        if (!forBlock.equals(block)) {
            return "";
        }
        String arg = ARGS.getOrDefault(keyword, "2");
        return "    " + keyword + (arg.isEmpty() ? "" : " " + arg) + "\n";
    }

    private static String render(String block, String keyword) {
        return "global_defs {\n"
                + "    router_id node1\n"
                + line("global_defs", block, keyword)
                + "}\n"
                + "vrrp_script chk {\n"
                + "    script \"/usr/local/bin/check\"\n"
                + line("vrrp_script", block, keyword)
                + "}\n"
                + "vrrp_script chk2 {\n"
                + "    script \"/usr/local/bin/check2\"\n"
                + "}\n"
                + "track_file tf {\n"
                + "    file /run/vi.weight\n"
                + line("track_file", block, keyword)
                + "}\n"
                + "vrrp_track_process tp {\n"
                + "    process postfix\n"
                + line("vrrp_track_process", block, keyword)
                + "}\n"
                + "vrrp_sync_group grp {\n"
                + "    group {\n      vi\n      other\n    }\n"
                + line("vrrp_sync_group", block, keyword)
                + "}\n"
                + "vrrp_instance vi {\n"
                + "    interface eth0\n"
                + "    virtual_router_id 51\n"
                + "    priority 100\n"
                + "    advert_int 1\n"
                + "    virtual_ipaddress {\n      192.0.2.10/24\n    }\n"
                + "    track_script {\n      chk\n    }\n"
                + line("vrrp_instance", block, keyword)
                + "}\n"
                + "vrrp_instance other {\n"
                + "    interface eth0\n"
                + "    virtual_router_id 52\n"
                + "    priority 100\n"
                + "    virtual_ipaddress {\n      192.0.2.20/24\n    }\n"
                + "}\n";
    }
}
