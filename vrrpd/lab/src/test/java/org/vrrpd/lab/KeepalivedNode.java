package org.vrrpd.lab;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's keepalived running one VRRP instance in a lab namespace, with its own config and pid files, in the
 * foreground so the lab owns the process.
 */
public final class KeepalivedNode implements AutoCloseable {

    /** What the instance is configured with; rendered into keepalived.conf syntax by {@link #render}. */
    public record Settings(String name, String iface, int vrid, int version, int priority, String advertInt,
                           List<String> vips, boolean nopreempt, boolean v3ChecksumAsV2, String unicastSrc,
                           List<String> unicastPeers, List<String> extraInstanceLines) {

        public static Settings of(String name, int vrid, int version, int priority, String advertInt,
                                  List<String> vips) {
            return new Settings(name, "eth0", vrid, version, priority, advertInt, vips, false, false, null,
                    List.of(), List.of());
        }

        public Settings withNopreempt() {
            return new Settings(name, iface, vrid, version, priority, advertInt, vips, true, v3ChecksumAsV2,
                    unicastSrc, unicastPeers, extraInstanceLines);
        }

        /** keepalived 2.2.8 and later only: Debian 12's 2.2.7 rejects the keyword as unknown. */
        public Settings withChecksumAsV2() {
            return new Settings(name, iface, vrid, version, priority, advertInt, vips, nopreempt, true,
                    unicastSrc, unicastPeers, extraInstanceLines);
        }

        public Settings withUnicast(String src, List<String> peers) {
            return new Settings(name, iface, vrid, version, priority, advertInt, vips, nopreempt,
                    v3ChecksumAsV2, src, peers, extraInstanceLines);
        }

        /** keepalived's {@code use_vmac}: the VIPs go on macvlan vrrp.{vrid} (so they are rendered without "dev"). */
        public Settings withVmac() {
            List<String> lines = new ArrayList<>(extraInstanceLines);
            lines.add("use_vmac");
            return withLines(lines);
        }

        boolean usesVmac() {
            return extraInstanceLines.stream().anyMatch(l -> l.trim().startsWith("use_vmac"));
        }

        public Settings withLines(List<String> lines) {
            return new Settings(name, iface, vrid, version, priority, advertInt, vips, nopreempt,
                    v3ChecksumAsV2, unicastSrc, unicastPeers, lines);
        }
    }

    private final LabProcess process;
    private final Settings settings;

    private KeepalivedNode(LabProcess process, Settings settings) {
        this.process = process;
        this.settings = settings;
    }

    public static String render(Settings s) {
        StringBuilder b = new StringBuilder();
        b.append("global_defs {\n  router_id ").append(s.name()).append("\n");
        b.append("  vrrp_version ").append(s.version()).append("\n");
        if (s.v3ChecksumAsV2()) {
            b.append("  v3_checksum_as_v2\n");
        }
        b.append("  vrrp_garp_master_delay 1\n  vrrp_garp_master_repeat 1\n}\n");
        b.append("vrrp_instance ").append(s.name()).append(" {\n");
        b.append("  state BACKUP\n  interface ").append(s.iface()).append("\n");
        b.append("  virtual_router_id ").append(s.vrid()).append("\n");
        b.append("  version ").append(s.version()).append("\n");
        b.append("  priority ").append(s.priority()).append("\n");
        b.append("  advert_int ").append(s.advertInt()).append("\n");
        if (s.nopreempt()) {
            b.append("  nopreempt\n");
        }
        if (s.unicastSrc() != null) {
            b.append("  unicast_src_ip ").append(s.unicastSrc()).append("\n  unicast_peer {\n");
            s.unicastPeers().forEach(p -> b.append("    ").append(p).append("\n"));
            b.append("  }\n");
        }
        s.extraInstanceLines().forEach(l -> b.append("  ").append(l).append("\n"));
        b.append("  virtual_ipaddress {\n");
        s.vips().forEach(v -> b.append("    ").append(v).append(s.usesVmac() ? "" : " dev " + s.iface())
                .append("\n"));
        b.append("  }\n}\n");
        return b.toString();
    }

    /** Writes the config and starts keepalived (VRRP only, foreground, logging to the console). */
    public static KeepalivedNode start(Lab lab, String host, Settings s) throws IOException {
        String base = host + "-keepalived";
        Path conf = lab.writeFile(base + ".conf", render(s));
        List<String> cmd = new ArrayList<>(List.of("keepalived", "--dont-fork", "--log-console", "--log-detail",
                "--vrrp", "--use-file=" + conf, "--pid=" + lab.file(base + ".pid"),
                "--vrrp_pid=" + lab.file(base + "-vrrp.pid")));
        LabProcess p = lab.spawn(host, base, cmd);
        return new KeepalivedNode(p, s);
    }

    public LabProcess process() {
        return process;
    }

    public Settings settings() {
        return settings;
    }

    /** keepalived's own view of its state, from its log: "Entering MASTER STATE" and the like. */
    public boolean logSays(String text) {
        return process.logText().contains(text);
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(5));
    }
}
