package org.vrrpd.lab.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vrrpd.lab.fixture.Routers.awaitState;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vrrpd.lab.fixture.FrrNode;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * vrrpd and Debian's FRR 8.4 vrrpd (zebra + vrrpd, the VIPs on a macvlan that FRR keeps {@code protodown} while
 * it is not Master) in one virtual router, VRRPv3 over IPv4 and over IPv6, both ways round: each accepts the
 * other's adverts (vrrpd: no drops; FRR: its received-advert counter grows and it stays Backup), exactly one
 * router holds the VIP at every sample once the election has settled, the returning higher priority preempts,
 * and a SIGTERM or a crash of the Master hands the VIP over within Skew_Time + 20 ms or Master_Down_Interval +
 * 20 ms (capture timestamps). FRR computes Skew_Time in whole centiseconds (60 ms where RFC 9568 gives 60.9 ms
 * at priority 100 and 100 ms); the bounds allow for that.
 */
@Tag("lab")
class FrrInteropLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);
    /** Sampling the VIP holders, paced at 10 ms (each sample runs {@code ip} in both namespaces). */
    static final Duration SAMPLING = Duration.ofSeconds(2);
    static final int HIGH = 200;
    static final int LOW = 100;

    @BeforeAll
    static void needsLab() {
        assumeTrue(Interop.labWithTcpdump() && FrrNode.available(), "needs root, iproute2, tcpdump and frr");
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"V3_IPV4", "V3_IPV6"})
    void vrrpdMaster_frrBackup_shouldHaveOneVipHolder_andFailOverInTime(Variant v) throws Exception {
        try (Routers p = Routers.of(v).withClient().build(); VrrpdNode r1 = p.vrrpd(1, HIGH, null);
             FrrNode f2 = FrrNode.start(p, 2, LOW)) {
            awaitState(r1, "MASTER", SETTLE);
            awaitFrrBackupUnder(f2, Interop.advertsInTwoSeconds(v));
            Holders h = new Holders(p, f2);
            h.awaitOnlyOn(1);
            h.assertOneHolderAtEverySample(1, v + " vrrpd Master / FRR Backup");
            assertEquals(1, f2.router().path("stats").path("transitions").asInt(),
                    "FRR was Master (Initialize -> Backup is its one transition): " + f2.router());

            long since = Routers.now();
            r1.process().signal("TERM");
            r1.process().waitForExit(Duration.ofSeconds(10));
            h.awaitOnlyOn(2);
            String label = v + " vrrpd -> FRR, SIGTERM (RFC Skew_Time " + v.skewMs(LOW) + " ms)";
            Takeover.graceful(p, 1, 2, since, frrSkewMs(v, LOW)).print(label, 5, 20 + lostFirstAdvertMs(v));
            frrAnnouncement(p, f2, p.priorityZeroFrom(1, since).micros(), frrSkewMs(v, LOW)).print(label, 5, 20);

            r1.restart();
            awaitState(r1, "MASTER", SETTLE);
            Poll.until("FRR Backup again", SETTLE, Duration.ofMillis(100), () -> "Backup".equals(f2.state()));
            h.awaitOnlyOn(1);
            h.assertOneHolderAtEverySample(1, v + " vrrpd Master again");
            JsonNode r1Status = r1.instance(Routers.NAME);
            assertTrue(r1Status.path("counters").path("advertsReceived").asLong() >= 1,
                    "vrrpd never heard FRR before preempting: " + r1Status);

            since = Routers.now();
            r1.process().signal("KILL");
            r1.process().waitForExit(Duration.ofSeconds(10));
            Poll.until("FRR Master", SETTLE, Duration.ofMillis(100), () -> "Master".equals(f2.state()));
            Poll.until("VIP live on FRR", SETTLE, () -> f2.holdsVip(v.vip()));
            label = v + " vrrpd -> FRR, crash (RFC Master_Down_Interval " + v.masterDownMs(LOW) + " ms)";
            Takeover.crash(p, 1, 2, since, frrMasterDownMs(v, LOW)).print(label, 5, 20 + lostFirstAdvertMs(v));
            long lastAdvert = p.advertsFrom(1).get(p.advertsFrom(1).size() - 1).micros();
            frrAnnouncement(p, f2, lastAdvert, frrMasterDownMs(v, LOW)).print(label, 5, 20);
            Interop.assertNoDrops(r1Status);
            assertTrue(r1.process().logText().lines().noneMatch(l -> l.contains(" WARN ") || l.contains(" ERROR ")),
                    r1.process().logText());
            assertTrue(f2.receiveComplaints().isEmpty(), "FRR rejected adverts: " + f2.receiveComplaints());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"V3_IPV4", "V3_IPV6"})
    void frrMaster_vrrpdBackup_shouldHaveOneVipHolder_andFailOverInTime(Variant v) throws Exception {
        try (Routers p = Routers.of(v).withClient().build(); FrrNode f1 = FrrNode.start(p, 1, HIGH);
             VrrpdNode r2 = p.vrrpd(2, LOW, null)) {
            Poll.until("FRR Master", SETTLE, Duration.ofMillis(100), () -> "Master".equals(f1.state()));
            long enough = Interop.advertsInTwoSeconds(v);
            Poll.until("vrrpd Backup under FRR's adverts", SETTLE, () -> {
                JsonNode st = r2.instance(Routers.NAME);
                return st != null && "BACKUP".equals(st.path("state").asText())
                        && st.path("counters").path("advertsReceived").asLong() >= enough;
            });
            Holders h = new Holders(p, f1);
            h.awaitOnlyOn(1);
            h.assertOneHolderAtEverySample(1, v + " FRR Master / vrrpd Backup");
            JsonNode st = r2.instance(Routers.NAME);
            assertEquals(v.advertSource(1), InetAddress.getByName(st.path("master").path("address").asText()));
            assertEquals(HIGH, st.path("master").path("priority").asInt());
            assertEquals(v.intervalMs / 10, st.path("master").path("adverIntervalCs").asInt(), st.toString());
            assertEquals(0, st.path("counters").path("becameMaster").asInt(), "vrrpd was Master: " + st);
            Interop.assertNoDrops(st);

            long since = Routers.now();
            f1.stop();
            awaitState(r2, "MASTER", SETTLE);
            h.awaitOnlyOn(2);
            Takeover.graceful(p, 1, 2, since, v.skewMs(LOW)).print(v + " FRR -> vrrpd, SIGTERM", 5, 20);
            assertTrue(r2.instance(Routers.NAME).path("counters").path("priorityZeroReceived").asInt() >= 1);

            f1.restart();
            Poll.until("FRR Master again", SETTLE, Duration.ofMillis(100), () -> "Master".equals(f1.state()));
            awaitState(r2, "BACKUP", SETTLE);
            h.awaitOnlyOn(1);
            h.assertOneHolderAtEverySample(1, v + " FRR Master again");
            assertTrue(f1.router().path("stats").path("adverRx").asLong() >= 1,
                    "FRR preempted without hearing vrrpd: " + f1.router());

            since = Routers.now();
            f1.crash();
            awaitState(r2, "MASTER", SETTLE);
            Takeover.crash(p, 1, 2, since, v.masterDownMs(LOW)).print(v + " FRR -> vrrpd, crash", 5, 20);
            assertTrue(p.hasVip(2));
            // nobody sets protodown on a crashed FRR vrrpd's macvlan: its VIP stays live there, like keepalived's
            System.out.printf("[%s] after FRR vrrpd's crash its macvlan still holds the VIP: %s%n", v,
                    f1.holdsVip(v.vip()));
            Interop.assertNoDrops(r2.instance(Routers.NAME));
            Interop.assertNoWarnings(r2);
            assertTrue(f1.receiveComplaints().isEmpty(), "FRR rejected adverts: " + f1.receiveComplaints());
        }
    }

    /**
     * FRR 8.4 verifies a v3/IPv4 checksum only in the pseudo-header form (vrrp_packet.c): every advert of a vrrpd
     * instance with {@code checksum: rfc9568} is rejected ("Bad VRRP checksum", a debug line; not counted in
     * adverRx), so FRR becomes Master too and both routers hold the VIP for as long as both run. vrrpd accepts
     * FRR's pseudo-header adverts and stays Master: it has the higher priority.
     */
    @Test
    void rfc9568Checksum_shouldBeRejectedByFrr_leavingBothRoutersHoldingTheVip() throws Exception {
        Variant v = Variant.V3_IPV4;
        try (Routers p = Routers.of(v).build(); VrrpdNode r1 = p.vrrpd(1, HIGH, "    checksum: rfc9568\n");
             FrrNode f2 = FrrNode.start(p, 2, LOW)) {
            awaitState(r1, "MASTER", SETTLE);
            Poll.until("FRR Master too", SETTLE, Duration.ofMillis(100), () -> "Master".equals(f2.state()));
            Holders h = new Holders(p, f2);
            Poll.until("VIP live on both routers", SETTLE, () -> h.holds(1) && h.holds(2));
            long sent = r1.instance(Routers.NAME).path("counters").path("advertsSent").asLong();
            long more = Interop.advertsInTwoSeconds(v);
            Poll.until("two more seconds of r1 adverts", SETTLE, () -> r1.instance(Routers.NAME)
                    .path("counters").path("advertsSent").asLong() >= sent + more);
            assertTrue(h.holds(1) && h.holds(2), "the VIP is not on both routers");
            assertEquals("MASTER", r1.state(Routers.NAME));
            assertEquals("Master", f2.state());
            assertEquals(0, f2.router().path("stats").path("adverRx").asLong(), f2.router().toString());
            List<String> rejected = f2.receiveComplaints();
            assertTrue(rejected.stream().anyMatch(l -> l.contains("Bad VRRP checksum")), f2.logs());
            Interop.assertNoDrops(r1.instance(Routers.NAME));
            System.out.printf("[%s] checksum rfc9568: FRR rejected %d of vrrpd's adverts as 'Bad VRRP checksum',"
                    + " counted 0, and is Master too; VIP on both%n", v, rejected.size());
        }
    }

    /**
     * FRR configured as its docs show it, with only the global IPv6 VIP: vrrpd drops every FRR advert as
     * {@code ipv6_first_not_link_local} (RFC 9568 §5.2.9) and becomes Master; FRR, which never checks the address
     * list, hears vrrpd's lower priority and stays Master. Both hold the VIP. Listing {@code vrrp 42 ipv6 fe80::2a}
     * first on FRR (as the other tests do) is the fix.
     */
    @Test
    void frrIpv6WithoutLinkLocalVip_shouldBeDroppedByVrrpd_leavingBothRoutersHoldingTheVip() throws Exception {
        Variant v = Variant.V3_IPV6;
        try (Routers p = Routers.of(v).build()) {
            FrrNode.Settings s = FrrNode.Settings.of(p, 1, HIGH);
            FrrNode.Settings globalOnly = new FrrNode.Settings(s.vrid(), s.version(), s.priority(),
                    s.advertIntervalMs(), s.ipv6(), List.of(v.vipCidr()), s.linkLocal());
            try (FrrNode f1 = FrrNode.start(p.lab, "r1", globalOnly); VrrpdNode r2 = p.vrrpd(2, LOW, null)) {
                Poll.until("FRR Master", SETTLE, Duration.ofMillis(100), () -> "Master".equals(f1.state()));
                awaitState(r2, "MASTER", SETTLE);
                Holders h = new Holders(p, f1);
                Poll.until("VIP live on both routers", SETTLE, () -> h.holds(1) && h.holds(2));
                Poll.until("FRR heard vrrpd's adverts", SETTLE, Duration.ofMillis(100),
                        () -> f1.router().path("stats").path("adverRx").asLong() >= Interop.advertsInTwoSeconds(v));
                assertTrue(h.holds(1) && h.holds(2), "the VIP is not on both routers");
                assertEquals("Master", f1.state());
                JsonNode st = r2.instance(Routers.NAME);
                assertEquals("MASTER", st.path("state").asText());
                assertEquals(0, st.path("counters").path("advertsReceived").asLong(), st.toString());
                long drops = st.path("counters").path("drops").path("ipv6_first_not_link_local").asLong();
                assertTrue(drops >= 1, st.toString());
                assertTrue(f1.receiveComplaints().isEmpty(), "FRR rejected adverts: " + f1.receiveComplaints());
                System.out.printf("[IPv6 VIP list, FRR without fe80::2a] vrrpd dropped %d FRR adverts"
                        + " (ipv6_first_not_link_local); FRR accepted %d of vrrpd's and stays Master; VIP on both%n",
                        drops, f1.router().path("stats").path("adverRx").asLong());
            }
        }
    }

    /** FRR 8.4's Skew_Time: ((256 - priority) × Master_Adver_Interval) / 256 in integer centiseconds. */
    static double frrSkewMs(Variant v, int priority) {
        int intervalCs = v.intervalMs / 10;
        return (256 - priority) * intervalCs / 256 * 10.0;
    }

    /** FRR 8.4's Master_Down_Interval: 3 × Master_Adver_Interval + its Skew_Time. */
    static double frrMasterDownMs(Variant v, int priority) {
        return 3.0 * v.intervalMs + frrSkewMs(v, priority);
    }

    /**
     * FRR 8.4 over IPv6 loses the first advert after Backup -> Master: it sends it when zebra reports the macvlan
     * up again (out of protodown), finds no link-local in its copy of the macvlan's addresses yet and logs "Failed
     * to find address to bind on vrrp6-42"; the next one leaves one Advertisement_Interval later. Its unsolicited
     * NA for the VIP leaves on time.
     */
    static int lostFirstAdvertMs(Variant v) {
        return v.ipv6 ? v.intervalMs : 0;
    }

    /**
     * From {@code fromMicros} (the old Master's priority-0 or last advert) to FRR's first announcement of the VIP
     * (gratuitous ARP or unsolicited NA, from the virtual MAC): the moment its VIP went live.
     */
    static Takeover frrAnnouncement(Routers p, FrrNode frr, long fromMicros, double expectedMs) {
        InetAddress vip = Interop.address(p.v.vip());
        byte[] vmac = frr.settings().vmacBytes();
        Pcap.Frame first = Poll.untilValue(() -> p.capture.frames().stream().filter(f -> f.micros() >= fromMicros)
                .filter(f -> Arrays.equals(vmac, f.sourceMac()))
                .filter(f -> p.v.ipv6 ? f.icmp6Type() == 136 && vip.equals(ClientFollowsVipLabTest.naTarget(f))
                        : f.isArp() && vip.equals(f.arpSenderIp()))
                .findFirst().orElse(null), "FRR's first announcement of the VIP");
        return new Takeover("old master's last/priority-0 advert -> FRR's first " + (p.v.ipv6 ? "NA" : "GARP"),
                (first.micros() - fromMicros) / 1000.0, expectedMs);
    }

    /** Waits until FRR is Backup and has counted at least {@code adverts} received adverts. */
    static void awaitFrrBackupUnder(FrrNode f, long adverts) {
        Poll.until(f.host() + " FRR Backup under vrrpd's adverts", SETTLE, Duration.ofMillis(100), () -> {
            JsonNode r = f.router();
            return "Backup".equals(r.path("status").asText()) && r.path("stats").path("adverRx").asLong() >= adverts;
        });
    }

    /** Who holds the VIP: vrrpd on eth0, FRR on its macvlan when not protodown. */
    record Holders(Routers p, FrrNode frr) {

        boolean holds(int n) throws IOException {
            return ("r" + n).equals(frr.host()) ? frr.holdsVip(p.v.vip()) : p.hasVip(n);
        }

        void awaitOnlyOn(int n) {
            Poll.until("VIP only on r" + n, SETTLE, () -> holds(n) && !holds(Routers.other(n)));
        }

        /** Exactly router {@code n} holds the VIP at every sample for {@link #SAMPLING}. */
        void assertOneHolderAtEverySample(int n, String phase) throws Exception {
            long end = System.nanoTime() + SAMPLING.toNanos();
            int samples = 0;
            while (System.nanoTime() < end) {
                boolean mine = holds(n);
                boolean other = holds(Routers.other(n));
                assertTrue(mine && !other, phase + ": sample " + samples + " r" + n + " " + mine + ", r"
                        + Routers.other(n) + " " + other);
                samples++;
                Thread.sleep(10); // sampling period, not a wait for a condition
            }
            System.out.printf("[%s] VIP only on r%d at all %d samples in %d ms%n", phase, n, samples,
                    SAMPLING.toMillis());
        }
    }
}
