package org.vrrpd.lab.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vrrpd.lab.fixture.Routers.awaitState;
import static org.vrrpd.lab.interop.KeepalivedPeer.awaitState;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.ctl.Vrrpctl;
import org.vrrpd.lab.fixture.KeepalivedNode;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;
import picocli.CommandLine;

/**
 * The peer preflight beside Debian's keepalived 2.2.7 whose authentication, version or VIPs differ from vrrpd's
 * configuration: keepalived (priority 100) is Master when vrrpd (priority 200, {@code on_incompatible: hold})
 * starts on the other router. {@code vrrpctl preflight} names keepalived's address and each difference with its
 * fix; the daemon logs it as an error; at every sample while keepalived runs only keepalived holds the VIP and
 * vrrpd sends no advert (a second Master would); vrrpd becomes Master once keepalived stops, within one advert
 * interval + Skew_Time + 20 ms of keepalived's priority-0 advert (capture timestamps).
 */
@Tag("lab")
class KeepalivedPreflightLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);
    /** Longer than the listen window (3 s) and vrrpd's Master_Down_Interval (3.2 s) together. */
    static final Duration HELD = Duration.ofSeconds(8);
    static final String HOLD = "    preflight: {on_incompatible: hold}\n";

    @BeforeAll
    static void needsLab() {
        assumeTrue(Interop.labWithKeepalived(), "needs root, iproute2, tcpdump and keepalived");
    }

    @Test
    void keepalivedWithPass_besideVrrpdWithout_shouldBeNamed_andHeldBack() throws Exception {
        try (Routers p = Routers.of(Variant.V2_IPV4).build()) {
            KeepalivedNode.Settings s = p.keepalivedSettings(1, 100);
            List<String> lines = new ArrayList<>(s.extraInstanceLines());
            lines.addAll(List.of("authentication {", "  auth_type PASS", "  auth_pass s3cret", "}"));
            heldBesideKeepalived(p, s.withLines(lines), List.of("sends VRRPv2 with auth PASS; set authentication:"
                    + " {type: pass, ...} on instance 'vi'"), "auth_mismatch");
        }
    }

    @Test
    void keepalivedSpeakingV2_besideVrrpdSpeakingV3_shouldBeNamed_andHeldBack() throws Exception {
        try (Routers p = Routers.of(Variant.V3_IPV4).intervalMs(1000).build()) {
            KeepalivedNode.Settings s = p.keepalivedSettings(1, 100);
            KeepalivedNode.Settings v2 = new KeepalivedNode.Settings(s.name(), s.iface(), s.vrid(), 2, s.priority(),
                    "1", s.vips(), s.nopreempt(), false, s.unicastSrc(), s.unicastPeers(), s.extraInstanceLines());
            heldBesideKeepalived(p, v2, List.of("sends VRRPv2, this instance speaks VRRPv3; set version: 2 on instance"
                    + " 'vi' (or vrrp_version 3 on the peer)"), "bad_version");
        }
    }

    @Test
    void keepalivedWithAnotherVip_besideVrrpd_shouldBeNamed_andHeldBack() throws Exception {
        try (Routers p = Routers.of(Variant.V2_IPV4).build()) {
            KeepalivedNode.Settings s = p.keepalivedSettings(1, 100);
            KeepalivedNode.Settings more = new KeepalivedNode.Settings(s.name(), s.iface(), s.vrid(), s.version(),
                    s.priority(), s.advertInt(), List.of(p.v.vipCidr(), "192.0.2.201/24"), s.nopreempt(),
                    s.v3ChecksumAsV2(), s.unicastSrc(), s.unicastPeers(), s.extraInstanceLines());
            heldBesideKeepalived(p, more, List.of("advertises VIPs 192.0.2.100, 192.0.2.201, this instance"
                    + " 192.0.2.100; set the same vips on instance 'vi' (or the same virtual_ipaddress on the peer)"),
                    null);
        }
    }

    /**
     * The other way round (a roll-back gone wrong): vrrpd (hold) is Master alone when keepalived with
     * {@code auth_type PASS} starts beside it. keepalived drops vrrpd's adverts and becomes Master; vrrpd hears it,
     * steps down (Master → Fault → Backup, priority 0, VIPs removed) and leaves it the VIP. When keepalived crashes
     * (no priority 0), vrrpd takes over three to four intervals after keepalived's last advert.
     */
    @Test
    void vrrpdMaster_whenKeepalivedWithPassStarts_shouldStepDown_andTakeOverAfterItsCrash() throws Exception {
        try (Routers p = Routers.of(Variant.V2_IPV4).build(); VrrpdNode r2 = p.vrrpd(2, 200, HOLD)) {
            awaitState(r2, "MASTER", SETTLE);
            p.awaitVipOnlyOn(2, SETTLE);
            KeepalivedNode.Settings s = p.keepalivedSettings(1, 100);
            List<String> lines = new ArrayList<>(s.extraInstanceLines());
            lines.addAll(List.of("authentication {", "  auth_type PASS", "  auth_pass s3cret", "}"));
            try (KeepalivedPeer k1 = KeepalivedPeer.start(p.lab, "r1", s.withLines(lines))) {
                awaitState(k1, KeepalivedPeer.STATE_MASTER, SETTLE);
                awaitState(r2, "BACKUP", SETTLE);
                p.awaitVipOnlyOn(1, SETTLE);
                int samples = onlyKeepalivedHoldsTheVip(p, Duration.ofSeconds(4));
                JsonNode st = r2.instance(Routers.NAME);
                assertTrue(st.path("hold").asText().startsWith("preflight hold: incompatible peer "
                        + p.v.hostAddress(1) + " (authentication)"), st.toString());
                assertEquals("FAULT", st.path("lastTransition").path("from").asText(), st.toString());
                System.out.printf("[preflight, vrrpd steps down] %d samples in 4000 ms: VIP only on keepalived%n",
                        samples);

                long since = Routers.now();
                k1.crash();
                awaitState(r2, "MASTER", SETTLE);
                Poll.until("VIP on r2", SETTLE, () -> p.hasVip(2)); // a killed keepalived leaves its VIP on r1
                Takeover.crash(p, 1, 2, since, 3.0 * p.intervalMs() + p.intervalMs() / 2.0)
                        .print("preflight hold released by keepalived's crash", p.intervalMs() / 2.0 + 20,
                                p.intervalMs() / 2.0 + 20);
            }
        }
    }

    /**
     * keepalived with {@code settings} on r1, Master; vrrpd (priority 200, hold) on r2: the preflight names each of
     * {@code differences}, vrrpd never holds the VIP nor advertises while keepalived runs, and takes over after it
     * stops. {@code dropReason}: how vrrpd's receive path treats keepalived's adverts (null: accepted).
     */
    private static void heldBesideKeepalived(Routers p, KeepalivedNode.Settings settings, List<String> differences,
                                             String dropReason) throws Exception {
        String peer = p.v.hostAddress(1);
        try (KeepalivedPeer k1 = KeepalivedPeer.start(p.lab, "r1", settings)) {
            awaitState(k1, KeepalivedPeer.STATE_MASTER, SETTLE);
            p.awaitVipOnlyOn(1, SETTLE);
            try (VrrpdNode r2 = p.vrrpd(2, 200, HOLD)) {
                Poll.until("vrrpd answers", SETTLE, () -> r2.instance(Routers.NAME) != null);
                int samples = onlyKeepalivedHoldsTheVip(p, HELD);
                JsonNode st = r2.instance(Routers.NAME);
                assertEquals("BACKUP", st.path("state").asText(), st.toString());
                assertTrue(st.path("hold").asText().startsWith("preflight hold: incompatible peer " + peer),
                        st.toString());
                assertEquals(0, st.path("counters").path("advertsSent").asLong(), "a held Backup advertised: " + st);
                assertTrue(p.advertsFrom(2).isEmpty(), "adverts from vrrpd on the wire");
                if (dropReason != null) {
                    assertTrue(st.path("counters").path("drops").path(dropReason).asLong() > 0, st.toString());
                }

                StringWriter out = new StringWriter();
                int rc = vrrpctl(out, r2, "preflight", Routers.NAME, "--for", "3s");
                String text = out.toString();
                System.out.printf("[preflight beside keepalived] %d samples in %d ms: VIP only on keepalived;"
                        + " vrrpctl preflight (exit %d):%n%s", samples, HELD.toMillis(), rc, text);
                assertEquals(1, rc, text);
                assertTrue(text.contains("INCOMPATIBLE"), text);
                for (String d : differences) {
                    assertTrue(text.contains(peer + ": " + d), "missing '" + d + "' in:\n" + text);
                }
                String log = r2.process().logText();
                for (String d : differences) {
                    assertTrue(log.lines().anyMatch(l -> l.contains(" ERROR ") && l.contains("peer " + peer + " " + d)),
                            "no error line for '" + d + "':\n" + log);
                }
                JsonNode json = r2.call("preflight", null).path("instances").get(0).path("peers").get(0);
                assertEquals(peer, json.path("source").asText(), json.toString());
                assertFalse(json.toString().contains("s3cret"), "the password in the reply: " + json);

                long since = Routers.now();
                k1.stop();
                awaitState(r2, "MASTER", SETTLE);
                p.awaitVipOnlyOn(2, SETTLE);
                // the held Backup re-checks once per interval: it takes over at the first check after keepalived's
                // priority 0 (at once after Skew_Time when it accepts keepalived's adverts and so hears the 0 itself)
                Takeover.graceful(p, 1, 2, since, p.intervalMs()).print("preflight hold released by keepalived's"
                        + " SIGTERM", p.intervalMs(), p.v.skewMs(200) + 20);
                assertFalse(r2.instance(Routers.NAME).has("hold"), r2.instance(Routers.NAME).toString());
            }
        }
    }

    /** Samples (paced at 10 ms) for {@code period}: keepalived's r1 holds the VIP and vrrpd's r2 never does. */
    private static int onlyKeepalivedHoldsTheVip(Routers p, Duration period) throws Exception {
        long end = System.nanoTime() + period.toNanos();
        int samples = 0;
        while (System.nanoTime() < end) {
            boolean k = p.hasVip(1);
            boolean v = p.hasVip(2);
            assertTrue(k && !v, "sample " + samples + ": keepalived " + k + ", vrrpd " + v);
            samples++;
            Thread.sleep(10); // sampling period, not a wait for a condition
        }
        return samples;
    }

    private static int vrrpctl(StringWriter out, VrrpdNode node, String... args) {
        CommandLine cl = Vrrpctl.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        String[] full = new String[args.length + 2];
        full[0] = "--socket";
        full[1] = node.socket().toString();
        System.arraycopy(args, 0, full, 2, args.length);
        return cl.execute(full);
    }
}
