package org.vrrpd.lab.hostile;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vrrpd.lab.fixture.KeepalivedNode;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.LabProcess;
import org.vrrpd.lab.fixture.PingStats;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * One side of the loss comparison: two routers (vrrpd or keepalived, advert 100 ms, priorities 200 and 100) and a
 * client pinging the VIP every 50 ms, in their own lab, with random loss of VRRP packets on the bridge (nftables
 * bridge family, {@code numgen random mod 100 < loss}, per forwarded copy, so each receiver loses independently).
 * {@code -Dloss.family=ipv6} runs the same over IPv6 (VIPs fe80::2a and 2001:db8::100, adverts from link-local
 * addresses, the client pinging 2001:db8::100); IPv4 is the default.
 */
final class LossRun implements AutoCloseable {

    static final String NAME = "vi";
    static final boolean IPV6 = "ipv6".equalsIgnoreCase(System.getProperty("loss.family", "ipv4"));
    static final String VIP = IPV6 ? "2001:db8::100" : "192.0.2.100";
    /** The VIPs as configured; an IPv6 instance lists its link-local VIP first (RFC 9568 §5.2.9). */
    static final List<String> VIPS = IPV6 ? List.of("fe80::2a/64", VIP + "/64") : List.of(VIP + "/24");
    static final int PING_MS = 50;

    /**
     * vrrpd, vrrpd with {@code step_down_announce: false}, keepalived, and both with a virtual MAC ({@code vmac: true}
     * and {@code use_vmac}; keepalived 2.2.7 sends its adverts from the macvlan unless {@code vmac_xmit_base}).
     */
    enum Kind {
        VRRPD, VRRPD_RFC_ONLY, KEEPALIVED, VRRPD_VMAC, KEEPALIVED_VMAC;

        boolean keepalived() {
            return this == KEEPALIVED || this == KEEPALIVED_VMAC;
        }

        boolean vmac() {
            return this == VRRPD_VMAC || this == KEEPALIVED_VMAC;
        }

        /** Where the VIP lives on the Active router. */
        String vipInterface() {
            return vmac() ? (IPV6 ? "vrrp6.42" : "vrrp.42") : "eth0";
        }
    }

    /** What one run measured. */
    record Result(Kind kind, int lossPercent, int seconds, int takeovers, int pingsSent, int pingsLost,
                  int longestOutageMs, long vrrpDropped) {

        double lostPercent() {
            return pingsSent == 0 ? 0 : 100.0 * pingsLost / pingsSent;
        }

        @Override
        public String toString() {
            return String.format("%-16s loss %2d%% %4d s: takeovers %3d, pings lost %5d/%5d (%5.2f %%), longest outage"
                    + " %6d ms, VRRP copies dropped %d", kind, lossPercent, seconds, takeovers, pingsLost, pingsSent,
                    lostPercent(), longestOutageMs, vrrpDropped);
        }
    }

    final Kind kind;
    private final Routers routers;
    final Lab lab;
    private VrrpdNode v1;
    private VrrpdNode v2;
    private KeepalivedNode k1;
    private KeepalivedNode k2;
    private LabProcess ping;
    private int count;
    private int takeoversBefore;

    LossRun(Kind kind) throws IOException {
        this.kind = kind;
        this.routers = Routers.of(IPV6 ? Variant.V3_IPV6 : Variant.V3_IPV4).withClient().withoutCapture().build();
        this.lab = routers.lab;
        try {
            if (kind.keepalived()) {
                KeepalivedNode.Settings s1 = KeepalivedNode.Settings.of(NAME, 42, 3, 200, "0.1", VIPS);
                KeepalivedNode.Settings s2 = KeepalivedNode.Settings.of(NAME, 42, 3, 100, "0.1", VIPS);
                k1 = KeepalivedNode.start(lab, "r1", kind.vmac() ? s1.withVmac() : s1);
                k2 = KeepalivedNode.start(lab, "r2", kind.vmac() ? s2.withVmac() : s2);
            } else {
                v1 = VrrpdNode.start(lab, "r1", instance(200));
                v2 = VrrpdNode.start(lab, "r2", instance(100));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private String instance(int priority) {
        return "  - name: " + NAME + "\n    interface: eth0\n    vrid: 42\n    version: 3\n    priority: " + priority
                + "\n    advert_interval: 100ms\n    vips: [" + String.join(", ", VIPS) + "]\n"
                + "    accept_mode: true\n" // the client pings the VIP
                // the same announcement settings the lab's keepalived runs with
                + "    garp_master_delay: 1s\n    garp_master_repeat: 1\n"
                + (kind == Kind.VRRPD_RFC_ONLY ? "    step_down_announce: false\n" : "")
                + (kind == Kind.VRRPD_VMAC ? "    vmac: true\n" : "");
    }

    /** Waits until r1 alone holds the VIP (and r2 is settled as Backup). */
    void awaitSettled(Duration max) {
        Poll.until(kind + ": VIP only on r1", max, () -> vipOn("r1") && !vipOn("r2"));
        if (v2 != null) {
            Poll.until(kind + ": r2 BACKUP", max, () -> "BACKUP".equals(v2.state(NAME)));
        }
    }

    /** Turns the random loss of VRRP on the bridge on (percent > 0) or off (0). */
    void loss(int percent) throws IOException {
        lab.exec("lan", "nft", "add table bridge vrrploss");
        lab.exec("lan", "nft",
                "add chain bridge vrrploss lossy { type filter hook forward priority 0; policy accept; }");
        lab.exec("lan", "nft", "flush chain bridge vrrploss lossy");
        if (percent > 0) {
            lab.exec("lan", "nft", "add rule bridge vrrploss lossy "
                    + (IPV6 ? "ether type ip6 ip6 nexthdr 112" : "ether type ip ip protocol 112")
                    + " numgen random mod 100 < " + percent + " counter drop");
        }
    }

    private long vrrpDropped() throws IOException {
        Matcher m = Pattern.compile("counter packets (\\d+)").matcher(lab.exec("lan", "nft", "list", "table",
                "bridge", "vrrploss"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Starts the client's pings (every 50 ms for {@code seconds}) and notes the takeover count. */
    void startPinging(int seconds) throws IOException {
        takeoversBefore = takeovers();
        // a deadline rather than a count: under load ping's 50 ms sends drift
        ping = lab.spawn("client", "ping", List.of("ping", "-n", "-D", "-i", "0.05", "-W", "1", "-w",
                String.valueOf(seconds), VIP));
    }

    private int takeovers() {
        if (v2 != null) {
            return (int) Hostile.instance(v2, NAME).path("counters").path("becameMaster").asLong();
        }
        return countOccurrences(k2.process().logText(), "Entering MASTER STATE");
    }

    private static int countOccurrences(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** Waits for the pings to finish and measures. */
    Result finish(int lossPercent, int seconds) throws IOException, InterruptedException {
        ping.waitForExit(Duration.ofSeconds(seconds + 30L));
        int takeovers = takeovers() - takeoversBefore;
        long dropped = vrrpDropped();
        PingStats stats = PingStats.of(ping.logText());
        count = stats.sent();
        return new Result(kind, lossPercent, seconds, takeovers, count, stats.lost(), stats.longestLosses() * PING_MS,
                dropped);
    }

    boolean vipOn(String host) throws IOException {
        return lab.hasAddress(host, kind.vipInterface(), VIP);
    }

    @Override
    public void close() {
        routers.close();
    }
}
