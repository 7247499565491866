package org.vrrpd.lab.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vrrpd.lab.fixture.Routers.awaitState;
import static org.vrrpd.lab.interop.KeepalivedPeer.awaitState;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;
import org.vrrpd.wire.ChecksumMode;

/**
 * vrrpd and Debian's keepalived 2.2.7 in one virtual router, both ways round, for v3/IPv4, v3/IPv6, v2/IPv4
 * and v3/IPv4 unicast: each accepts the other's adverts (vrrpd: no drops; keepalived: no error statistic, no
 * complaint in its log), the VIP follows priority, a graceful stop or a crash of either Master hands the VIP to
 * the other, and the returning higher priority preempts. Takeover times are measured from the bridge capture.
 */
@Tag("lab")
class KeepalivedInteropLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);

    @BeforeAll
    static void needsLab() {
        assumeTrue(Interop.labWithKeepalived(), "needs root, iproute2, tcpdump and keepalived");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void vrrpdMaster_keepalivedBackup_shouldAgree_andHandTheVipOverAndBackBothWays(Variant v) throws Exception {
        try (Routers p = Routers.of(v).withClient().build(); VrrpdNode r1 = p.vrrpd(1, 200, null);
             KeepalivedPeer k2 = KeepalivedPeer.start(p, 2, 100)) {
            // keepalived hears our adverts and stays Backup
            awaitState(r1, "MASTER", SETTLE);
            k2.awaitBackupUnder(200, Interop.advertsInTwoSeconds(v), SETTLE);
            p.awaitVipOnlyOn(1, SETTLE);
            JsonNode heard = k2.instance();
            assertEquals(0, heard.path("stats").path("become_master").asInt(), "keepalived was Master: " + k2.logs());
            Interop.assertKeepalivedAcceptedEverything(k2);

            // graceful stop: priority 0, keepalived takes over after its Skew_Time
            long since = Routers.now();
            r1.process().signal("TERM");
            r1.process().waitForExit(Duration.ofSeconds(10));
            p.awaitVipOnlyOn(2, SETTLE);
            awaitState(k2, KeepalivedPeer.STATE_MASTER, SETTLE);
            Takeover.graceful(p, 1, 2, since, v.skewMs(100)).print(v + " vrrpd -> keepalived, graceful", 5, 100);
            assertTrue(k2.instance().path("stats").path("pri_zero_rcvd").asInt() >= 1);
            assertTrue(k2.process().logText().contains("(vi) Backup received priority 0 advertisement"));

            // vrrpd returns with the higher priority: hears keepalived, preempts, keepalived backs off
            r1.restart();
            awaitState(r1, "MASTER", SETTLE);
            awaitState(k2, KeepalivedPeer.STATE_BACKUP, SETTLE);
            p.awaitVipOnlyOn(1, SETTLE);
            Interop.assertLogInOrder(k2.process().logText(), "(vi) Master received advert from "
                    + Interop.sourceText(v, 1) + " with higher priority 200, ours 100", "(vi) Entering BACKUP STATE");
            JsonNode r1Status = r1.instance(Routers.NAME);
            assertTrue(r1Status.path("counters").path("advertsReceived").asLong() >= 1,
                    "vrrpd never heard keepalived before preempting: " + r1Status);

            // crash: keepalived takes over after Master_Down_Interval
            since = Routers.now();
            r1.process().signal("KILL");
            r1.process().waitForExit(Duration.ofSeconds(10));
            awaitState(k2, KeepalivedPeer.STATE_MASTER, SETTLE);
            Poll.until("VIP on r2", SETTLE, () -> p.hasVip(2));
            Takeover.crash(p, 1, 2, since, v.masterDownMs(100)).print(v + " vrrpd -> keepalived, crash", 30, 150);

            Interop.assertKeepalivedAcceptedEverything(k2);
            Interop.assertNoDrops(r1Status);
            assertTrue(r1.process().logText().lines().noneMatch(l -> l.contains(" WARN ") || l.contains(" ERROR ")),
                    r1.process().logText());
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void keepalivedMaster_vrrpdBackup_shouldAgree_andHandTheVipOverAndBackBothWays(Variant v) throws Exception {
        try (Routers p = Routers.of(v).withClient().build(); KeepalivedPeer k1 = KeepalivedPeer.start(p, 1, 200);
             VrrpdNode r2 = p.vrrpd(2, 100, null)) {
            // vrrpd hears keepalived's adverts and stays Backup, with keepalived as its Master
            awaitState(k1, KeepalivedPeer.STATE_MASTER, SETTLE);
            long enough = Interop.advertsInTwoSeconds(v);
            Poll.until("vrrpd Backup under keepalived's adverts", SETTLE, () -> {
                JsonNode st = r2.instance(Routers.NAME);
                return st != null && "BACKUP".equals(st.path("state").asText())
                        && st.path("counters").path("advertsReceived").asLong() >= enough;
            });
            p.awaitVipOnlyOn(1, SETTLE);
            JsonNode st = r2.instance(Routers.NAME);
            assertEquals(v.advertSource(1), java.net.InetAddress.getByName(st.path("master").path("address").asText()));
            assertEquals(200, st.path("master").path("priority").asInt());
            assertEquals(v.intervalMs / 10, st.path("master").path("adverIntervalCs").asInt(), st.toString());
            assertEquals(0, st.path("counters").path("becameMaster").asInt(), "vrrpd was Master: " + st);
            Interop.assertNoDrops(st);

            // graceful stop of keepalived: priority 0, vrrpd takes over after Skew_Time
            long since = Routers.now();
            k1.stop();
            awaitState(r2, "MASTER", SETTLE);
            p.awaitVipOnlyOn(2, SETTLE);
            Takeover.graceful(p, 1, 2, since, v.skewMs(100)).print(v + " keepalived -> vrrpd, graceful", 5, 100);
            assertTrue(r2.instance(Routers.NAME).path("counters").path("priorityZeroReceived").asInt() >= 1);

            // keepalived returns with the higher priority: hears our adverts, preempts, vrrpd backs off
            k1.restart();
            awaitState(k1, KeepalivedPeer.STATE_MASTER, SETTLE);
            awaitState(r2, "BACKUP", SETTLE);
            p.awaitVipOnlyOn(1, SETTLE);
            JsonNode k1Heard = k1.instance();
            // within its Master_Down_Interval (about 3 of our adverts) it accepted at least one, and logged why it
            // discarded it (a line logged only for adverts that passed all its checks)
            assertTrue(k1Heard.path("stats").path("advert_rcvd").asLong() >= 1,
                    "keepalived preempted without hearing vrrpd: " + k1Heard.path("stats"));
            assertTrue(k1.process().logText().contains("(vi) received lower priority (100) advert from "
                    + Interop.sourceText(v, 2) + " - discarding"), k1.logs());
            Interop.assertKeepalivedAcceptedEverything(k1);

            // crash of keepalived's VRRP process: vrrpd takes over after Master_Down_Interval
            since = Routers.now();
            k1.crash();
            awaitState(r2, "MASTER", SETTLE);
            Takeover.crash(p, 1, 2, since, v.masterDownMs(100)).print(v + " keepalived -> vrrpd, crash", 30, 150);
            assertTrue(p.hasVip(2));

            assertTrue(k1.receiveComplaints().isEmpty(), "keepalived complained: " + k1.receiveComplaints());
            Interop.assertNoDrops(r2.instance(Routers.NAME));
            Interop.assertNoWarnings(r2);
        }
    }

    /**
     * Equal priorities, two Masters during a partition: when it heals, the higher primary address wins on both
     * implementations' reading (RFC 9568 §6.4.3; IPv6 compares the link-local sources). Here vrrpd has it.
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void equalPriority_afterAPartitionHeals_keepalivedShouldYieldToVrrpdsHigherAddress(Variant v) throws Exception {
        try (Routers p = Routers.of(v).withClient().build()) {
            p.partition(true);
            try (KeepalivedPeer k1 = KeepalivedPeer.start(p, 1, 100); VrrpdNode r2 = p.vrrpd(2, 100, null)) {
                awaitState(k1, KeepalivedPeer.STATE_MASTER, SETTLE);
                awaitState(r2, "MASTER", SETTLE);
                p.partition(false);
                awaitState(k1, KeepalivedPeer.STATE_BACKUP, SETTLE);
                p.awaitVipOnlyOn(2, SETTLE);
                assertEquals("MASTER", r2.state(Routers.NAME));
                Interop.assertLogInOrder(k1.process().logText(), "(vi) Master received advert from "
                        + Interop.sourceText(v, 2) + " with same priority 100 but higher IP address than ours",
                        "(vi) Entering BACKUP STATE");
                Interop.assertKeepalivedAcceptedEverything(k1);
                Interop.assertNoDrops(r2.instance(Routers.NAME));
            }
        }
    }

    /** The same with the roles swapped: keepalived has the higher address, vrrpd yields. */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void equalPriority_afterAPartitionHeals_vrrpdShouldYieldToKeepalivedsHigherAddress(Variant v) throws Exception {
        try (Routers p = Routers.of(v).withClient().build()) {
            p.partition(true);
            try (VrrpdNode r1 = p.vrrpd(1, 100, null); KeepalivedPeer k2 = KeepalivedPeer.start(p, 2, 100)) {
                awaitState(r1, "MASTER", SETTLE);
                awaitState(k2, KeepalivedPeer.STATE_MASTER, SETTLE);
                p.partition(false);
                awaitState(r1, "BACKUP", SETTLE);
                p.awaitVipOnlyOn(2, SETTLE);
                assertEquals(KeepalivedPeer.STATE_MASTER, k2.state());
                JsonNode st = r1.instance(Routers.NAME);
                assertEquals(v.advertSource(2), java.net.InetAddress.getByName(st.path("master").path("address").asText()));
                assertEquals("MASTER", st.path("lastTransition").path("from").asText(), st.toString());
                Interop.assertKeepalivedAcceptedEverything(k2);
                Interop.assertNoDrops(st);
            }
        }
    }

    /**
     * The operator-facing fact: keepalived 2.2.7 verifies a v3/IPv4 checksum only in the pseudo-header form
     * (with unicast it also tries the group address as the pseudo-header destination, its pre-1.3.6 form), so it
     * drops every advert of a vrrpd instance set to {@code checksum: rfc9568} with "Invalid VRRPv3 checksum",
     * does not count it as received, and becomes Master itself: both routers hold the VIP, for good. Worse,
     * keepalived 2.2.7's Master restarts its advert timer on every packet it receives for the VRID, even one it
     * drops (vrrp_scheduler.c, "If we have sent an advert, reset the timer"), so while our adverts arrive at its
     * own interval it sends few or no adverts: vrrpd may never even see the second Master.
     */
    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"V3_IPV4", "V3_IPV4_UNICAST"})
    void rfc9568Checksum_shouldBeDroppedByKeepalived227_leavingBothRoutersMaster(Variant v) throws Exception {
        try (Routers p = Routers.of(v).withClient().build(); VrrpdNode r1 = p.vrrpd(1, 200, "    checksum: rfc9568\n");
             KeepalivedPeer k2 = KeepalivedPeer.start(p, 2, 100)) {
            awaitState(r1, "MASTER", SETTLE);
            awaitState(k2, KeepalivedPeer.STATE_MASTER, SETTLE);
            Poll.until("VIP on both routers", SETTLE, () -> p.hasVip(1) && p.hasVip(2));

            // a lasting split brain, not a transient: still so after two more seconds of our adverts
            long sent = r1.instance(Routers.NAME).path("counters").path("advertsSent").asLong();
            long more = Interop.advertsInTwoSeconds(v);
            Poll.until("two more seconds of r1 adverts", SETTLE, () -> r1.instance(Routers.NAME)
                    .path("counters").path("advertsSent").asLong() >= sent + more);
            assertEquals("MASTER", r1.state(Routers.NAME));
            JsonNode k = k2.instance();
            assertEquals(KeepalivedPeer.STATE_MASTER, k.path("data").path("state").asInt());
            assertEquals(0, k.path("stats").path("advert_rcvd").asLong(), "keepalived accepted one: " + k);
            assertTrue(p.hasVip(1) && p.hasVip(2), "VIP not on both");
            String log = k2.process().logText();
            assertTrue(log.contains("(vi) Invalid VRRPv3 checksum"), log);
            assertTrue(!log.contains("with higher priority 200"), log);

            // what was on the wire: ours message-only, keepalived's (if any) pseudo-header; vrrpd takes both
            var ours = p.advertsFrom(1);
            var theirs = p.advertsFrom(2);
            assertTrue(!ours.isEmpty());
            ours.forEach(f -> assertEquals(ChecksumMode.MESSAGE_ONLY, Interop.decode(f).checksumMode()));
            theirs.forEach(f -> assertEquals(ChecksumMode.PSEUDO_HEADER, Interop.decode(f).checksumMode()));
            JsonNode st = r1.instance(Routers.NAME);
            Interop.assertNoDrops(st);
            System.out.printf("[%s] checksum rfc9568: keepalived logged %d 'Invalid VRRPv3 checksum', accepted 0 of %d"
                    + " adverts, is Master too and sent %d adverts (vrrpd heard %d); VIP on both%n", v,
                    log.split("Invalid VRRPv3 checksum", -1).length - 1, ours.size(), theirs.size(),
                    st.path("counters").path("advertsReceived").asLong());
        }
    }
}
