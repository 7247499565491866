package org.vrrpd.lab.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Cmd;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * The threat docs/SECURITY.md starts from: VRRPv3 has no authentication, so any LAN host can send a valid
 * priority-255 advert and take the VIP. A third host (fz, 192.0.2.3) does exactly that; the mitigations must hold:
 * unicast mode's peer allow-list, and in multicast mode the nftables guard test-lab/fuzz/vrrp-guard.nft.
 */
@Tag("lab")
class ElectionHijackLabTest {

    static final String NAME = "vi";
    static final int VRID = 42;
    static final Duration SETTLE = Duration.ofSeconds(20);
    static final int BIDS = 100;

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    private static Lab lab(Variant v) throws IOException {
        Lab lab = Lab.create();
        try {
            lab.addHost("r1", v.hostCidr(1), null);
            lab.addHost("r2", v.hostCidr(2), null);
            lab.addHost("fz", v.hostCidr(3), null);
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** fz sends {@code count} valid priority-255 VRID 42 adverts, 20 ms apart, to {@code ip} (at {@code mac}). */
    private static void bid(Lab lab, String ip, String mac, int count) throws IOException {
        Cmd.run(Duration.ofSeconds(60), "ip", "netns", "exec", lab.ns("fz"), "python3",
                Hostile.repoFile("test-lab/fuzz/vrrp_fuzz.py").toString(), "--advert", ip + "," + mac, "--count",
                String.valueOf(count), "--interval-ms", "20");
    }

    private static long transitions(VrrpdNode n) {
        return Hostile.instance(n, NAME).path("counters").path("transitions").asLong();
    }

    @Test
    void unicastMode_priority255AdvertFromAHostOutsideTheAllowList_shouldNotMoveTheVip_andBeCounted()
            throws Exception {
        Variant v = Variant.V3_IPV4_UNICAST;
        try (Lab lab = lab(v);
             VrrpdNode r1 = VrrpdNode.start(lab, "r1", v.vrrpdInstance(NAME, VRID, 200, 1, new int[] {2}, null));
             VrrpdNode r2 = VrrpdNode.start(lab, "r2", v.vrrpdInstance(NAME, VRID, 100, 2, new int[] {1}, null))) {
            Poll.until("r1 MASTER", SETTLE, () -> "MASTER".equals(r1.state(NAME)));
            Poll.until("r2 BACKUP", SETTLE, () -> "BACKUP".equals(r2.state(NAME)));
            long t1 = transitions(r1);
            long t2 = transitions(r2);
            long u1 = Hostile.drops(Hostile.instance(r1, NAME), "unknown_peer");
            long u2 = Hostile.drops(Hostile.instance(r2, NAME), "unknown_peer");
            bid(lab, "192.0.2.1", "02:00:00:00:00:01", BIDS);
            bid(lab, "192.0.2.2", "02:00:00:00:00:02", BIDS);
            long c1 = Poll.untilValue(() -> {
                long n = Hostile.drops(Hostile.instance(r1, NAME), "unknown_peer") - u1;
                return n >= BIDS ? n : null;
            }, "r1 counting the bids");
            long c2 = Poll.untilValue(() -> {
                long n = Hostile.drops(Hostile.instance(r2, NAME), "unknown_peer") - u2;
                return n >= BIDS ? n : null;
            }, "r2 counting the bids");
            System.out.printf("[hijack] unicast: %d priority-255 bids to each router; unknown_peer r1 %d, r2 %d;"
                    + " states %s / %s%n", BIDS, c1, c2, r1.state(NAME), r2.state(NAME));
            assertEquals(BIDS, c1);
            assertEquals(BIDS, c2);
            assertEquals("MASTER", r1.state(NAME));
            assertEquals("BACKUP", r2.state(NAME));
            assertEquals(t1, transitions(r1), "r1 changed state");
            assertEquals(t2, transitions(r2), "r2 changed state");
            assertTrue(lab.hasAddress("r1", "eth0", v.vip()) && !lab.hasAddress("r2", "eth0", v.vip()));
        }
    }

    @Test
    void multicastMode_priority255Bid_shouldWinWithoutTheGuard_andBeDroppedByTheNftablesGuard() throws Exception {
        Variant v = Variant.V3_IPV4;
        try (Lab lab = lab(v);
             VrrpdNode r1 = VrrpdNode.start(lab, "r1", v.vrrpdInstance(NAME, VRID, 200, 1, new int[] {2}, null));
             VrrpdNode r2 = VrrpdNode.start(lab, "r2", v.vrrpdInstance(NAME, VRID, 100, 2, new int[] {1}, null))) {
            Poll.until("r1 MASTER", SETTLE, () -> "MASTER".equals(r1.state(NAME)));
            Poll.until("r2 BACKUP", SETTLE, () -> "BACKUP".equals(r2.state(NAME)));
            // the threat is real: unguarded, a 255 bid makes the Master step down and drop the VIP
            long t1 = transitions(r1);
            bid(lab, "224.0.0.18", "01:00:5e:00:00:12", 50);
            assertTrue(transitions(r1) >= t1 + 1, "unguarded, the bid should have moved r1");
            System.out.printf("[hijack] multicast, unguarded: r1 transitions +%d (last: %s)%n",
                    transitions(r1) - t1, Hostile.instance(r1, NAME).path("lastTransition"));

            String guard = Hostile.repoFile("test-lab/fuzz/vrrp-guard.nft").toString();
            lab.exec("r1", "nft", "-f", guard);
            lab.exec("r2", "nft", "-f", guard);
            Poll.until("r1 MASTER again", SETTLE, () -> "MASTER".equals(r1.state(NAME)));
            Poll.until("r2 BACKUP again", SETTLE, () -> "BACKUP".equals(r2.state(NAME)));
            long g1 = transitions(r1);
            long g2 = transitions(r2);
            bid(lab, "224.0.0.18", "01:00:5e:00:00:12", BIDS);
            long dropped1 = guardDrops(lab, "r1");
            long dropped2 = guardDrops(lab, "r2");
            System.out.printf("[hijack] multicast with vrrp-guard.nft: %d bids; nft dropped r1 %d, r2 %d;"
                    + " transitions r1 +%d, r2 +%d%n", BIDS, dropped1, dropped2, transitions(r1) - g1,
                    transitions(r2) - g2);
            assertEquals(BIDS, dropped1);
            assertEquals(BIDS, dropped2);
            assertEquals(g1, transitions(r1), "guarded r1 changed state");
            assertEquals(g2, transitions(r2), "guarded r2 changed state");
            assertTrue(lab.hasAddress("r1", "eth0", v.vip()) && !lab.hasAddress("r2", "eth0", v.vip()));
        }
    }

    /** Packets the guard's "VRRP from a non-router" IPv4 rule dropped. */
    private static long guardDrops(Lab lab, String host) throws IOException {
        String rules = lab.exec(host, "nft", "list", "chain", "inet", "vrrpd_guard", "input");
        for (String line : rules.split("\n")) {
            if (line.contains("ip saddr != @routers4")) {
                Matcher m = Pattern.compile("counter packets (\\d+)").matcher(line);
                if (m.find()) {
                    return Long.parseLong(m.group(1));
                }
            }
        }
        throw new AssertionError("no guard counter in:\n" + rules);
    }
}
