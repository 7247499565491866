package org.vrrpd.lab.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vrrpd.lab.fixture.Routers.awaitState;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * A short spurious takeover in an IPv6 pair (v3, advert 100 ms, r1 priority 200, r2 100) and what it costs a
 * client that has talked to the VIP. The takeover is forced with nftables input rules: r2 drops r1's adverts until
 * it is Active and its unsolicited NA has moved the client's neighbour entry for the VIP to r2's MAC; r1 drops
 * r2's adverts throughout, so r1 never re-announces on hearing a lower-priority Active router (the case where the
 * Master missed the Backup's stint, which only the stepping-down router can repair). When r2's rule goes, r2 hears
 * r1's next advert and steps down. With {@code step_down_announce} it sends an unsolicited NA per IPv6 VIP with
 * r1's MAC (learned from its neighbour table for r1's link-local address) as target link-layer address, and the
 * client's entry is back on r1's MAC within an advert interval; without it the entry stays on r2's MAC (a router
 * that no longer has the VIP) until the client's kernel probes it.
 */
@Tag("lab")
class StepDownAnnounceIpv6LabTest {

    /** The client pings the VIP, which a non-owner Master answers only with Accept_Mode true. */
    static final String ACCEPT = "    accept_mode: true\n";

    static final Variant V = Variant.V3_IPV6;
    static final Duration SETTLE = Duration.ofSeconds(20);
    /** How long the entry must stay on r2's MAC without the announcement: 20 advert intervals. */
    static final Duration STAYS = Duration.ofSeconds(2);

    @BeforeAll
    static void needsLab() {
        assumeTrue(Interop.labWithTcpdump(), "needs root, iproute2, nftables and tcpdump");
    }

    @Test
    void spuriousTakeover_shouldMoveTheClientsEntryForTheIpv6VipBackToTheMaster_withinAnAdvertIntervalOfStepDown()
            throws Exception {
        try (Routers p = Routers.of(V).withClient().build(); VrrpdNode r1 = p.vrrpd(1, 200, ACCEPT);
             VrrpdNode r2 = p.vrrpd(2, 100, ACCEPT)) {
            settle(p, r1, r2);
            Poll.until("r2 knows r1's MAC from its neighbour table", SETTLE,
                    () -> ClientFollowsVipLabTest.mac(1).equals(lladdr(p, "r2", Variant.linkLocal(1))));
            long healed = stint(p, r2);
            // r2 is Backup again (polled): without an announcement the entry would stay on r2's MAC (other test)
            Poll.until("client's entry for the VIP -> r1's MAC again", Duration.ofSeconds(1), Duration.ofMillis(5),
                    () -> ClientFollowsVipLabTest.mac(1).equals(ClientFollowsVipLabTest.neighbour(p, V)));
            double movedMs = (Routers.now() - healed) / 1000.0;
            Pcap.Frame na = Poll.untilValue(() -> stepDownNa(p, healed).orElse(null),
                    "r2's unsolicited NA for the VIP at r1's MAC");
            Pcap.Frame advert = stepDownAdvert(p, healed, na);
            double afterAdvertMs = (na.micros() - advert.micros()) / 1000.0;
            System.out.printf("[%s step_down_announce] r1's advert r2 stepped down for %.1f ms after the heal; r2's NA"
                            + " for %s at r1's MAC %.1f ms after that advert; client's entry seen back on r1's MAC"
                            + " (polling) %.1f ms after the heal; client entry now: %s%n", V,
                    (advert.micros() - healed) / 1000.0, V.vip(), afterAdvertMs, movedMs, neighbourLine(p));
            assertTrue(afterAdvertMs >= 0 && afterAdvertMs <= V.intervalMs,
                    "the announcement follows the advert r2 steps down for within one advert interval: "
                            + afterAdvertMs + " ms");
            assertEquals("BACKUP", r2.state(Routers.NAME));
        }
    }

    @Test
    void spuriousTakeover_withoutStepDownAnnounce_shouldLeaveTheClientsEntryOnTheBackupsMac() throws Exception {
        String noStepDown = ACCEPT + "    step_down_announce: false\n";
        try (Routers p = Routers.of(V).withClient().build(); VrrpdNode r1 = p.vrrpd(1, 200, noStepDown);
             VrrpdNode r2 = p.vrrpd(2, 100, noStepDown)) {
            settle(p, r1, r2);
            long healed = stint(p, r2);
            long start = System.nanoTime();
            while (System.nanoTime() - start < STAYS.toNanos()) {
                assertEquals(ClientFollowsVipLabTest.mac(2), ClientFollowsVipLabTest.neighbour(p, V),
                        "client's entry moved although nobody announced the VIP at r1's MAC");
                Thread.sleep(V.intervalMs); // sampling the entry once per advert interval, not waiting for it
            }
            assertTrue(stepDownNa(p, healed).isEmpty(), "r2 announced the VIP at r1's MAC");
            System.out.printf("[%s step_down_announce: false] %d ms after the step-down the client's entry is still"
                    + " on r2's MAC: %s%n", V, Duration.ofNanos(System.nanoTime() - start).toMillis(), neighbourLine(p));
        }
    }

    /** r1 Active, r2 Backup, the VIP on r1 only, and the client's entry for the VIP on r1's MAC. */
    private static void settle(Routers p, VrrpdNode r1, VrrpdNode r2) throws IOException {
        awaitState(r1, "MASTER", SETTLE);
        awaitState(r2, "BACKUP", SETTLE);
        p.awaitVipOnlyOn(1, SETTLE);
        p.lab.exec("client", "ping", "-c", "1", "-W", "5", V.vip());
        assertEquals(ClientFollowsVipLabTest.mac(1), ClientFollowsVipLabTest.neighbour(p, V),
                "client's entry after talking to the VIP");
    }

    /**
     * Forces the spurious takeover and ends it: returns the capture time at which r2 could hear r1 again, after
     * r2 has stepped down.
     */
    private static long stint(Routers p, VrrpdNode r2) throws IOException {
        drop(p, "r1", Variant.linkLocal(2), true);
        drop(p, "r2", Variant.linkLocal(1), true);
        awaitState(r2, "MASTER", SETTLE);
        Poll.until("client's entry for the VIP -> r2's MAC", SETTLE,
                () -> ClientFollowsVipLabTest.mac(2).equals(ClientFollowsVipLabTest.neighbour(p, V)));
        long healed = Routers.now();
        drop(p, "r2", Variant.linkLocal(1), false);
        Poll.until("r2 BACKUP again", SETTLE, Duration.ofMillis(5), () -> "BACKUP".equals(r2.state(Routers.NAME)));
        return healed;
    }

    /** Drops (or stops dropping) VRRP from {@code source} at {@code host}'s input hook. */
    private static void drop(Routers p, String host, String source, boolean on) throws IOException {
        if (on) {
            p.lab.exec(host, "nft", "add table inet stint");
            p.lab.exec(host, "nft", "add chain inet stint in { type filter hook input priority 0; policy accept; }");
            p.lab.exec(host, "nft", "add rule inet stint in ip6 saddr " + source + " meta l4proto 112 drop");
        } else {
            p.lab.exec(host, "nft", "delete table inet stint");
        }
    }

    /**
     * The advert of r1's that r2 stepped down for. Not simply r1's first advert after the heal: the nft rule goes
     * away somewhere inside the {@code nft} call, so an advert captured just after {@code healed} may still have been
     * dropped at r2. While Master, r2 advertises every interval and it stops when it steps down, so the advert it
     * stepped down for is r1's first after r2's last advert before the NA.
     */
    private static Pcap.Frame stepDownAdvert(Routers p, long healed, Pcap.Frame na) throws IOException {
        long r2LastAdvert = p.advertsFrom(2).stream().mapToLong(Pcap.Frame::micros)
                .filter(t -> t >= healed && t < na.micros()).max().orElse(healed);
        return p.firstAdvertFrom(1, r2LastAdvert).orElseThrow();
    }

    /** An unsolicited NA from r2's MAC saying the VIP is at r1's MAC (TLLA option), sent at or after {@code since}. */
    private static Optional<Pcap.Frame> stepDownNa(Routers p, long since) throws IOException {
        InetAddress vip = Interop.address(V.vip());
        byte[] r1 = ClientFollowsVipLabTest.macBytes(1);
        byte[] r2 = ClientFollowsVipLabTest.macBytes(2);
        List<Pcap.Frame> frames = p.capture.frames();
        return frames.stream().filter(f -> f.micros() >= since).filter(f -> Arrays.equals(r2, f.sourceMac()))
                .filter(f -> f.icmp6Type() == 136 && vip.equals(ClientFollowsVipLabTest.naTarget(f))
                        && (f.data()[58] & 0x20) != 0 && f.data().length >= 86
                        && Arrays.equals(r1, Arrays.copyOfRange(f.data(), 80, 86)))
                .findFirst();
    }

    /** The router's neighbour entry's link-layer address for {@code address}, or null. */
    private static String lladdr(Routers p, String host, String address) throws IOException {
        String out = p.lab.run("ip", "-n", p.lab.ns(host), "neigh", "show", address, "dev", "eth0");
        List<String> f = Arrays.asList(out.trim().split("\\s+"));
        int i = f.indexOf("lladdr");
        return i >= 0 && i + 1 < f.size() ? f.get(i + 1) : null;
    }

    private static String neighbourLine(Routers p) throws IOException {
        return p.lab.run("ip", "-n", p.lab.ns("client"), "neigh", "show", V.vip(), "dev", "eth0").trim();
    }
}
