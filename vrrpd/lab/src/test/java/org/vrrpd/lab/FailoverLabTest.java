package org.vrrpd.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vrrpd.lab.fixture.Routers.awaitState;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * Two vrrpd nodes on a bridge, for v3/IPv4, v3/IPv6, v2/IPv4 and unicast: election, graceful and crash
 * failover timed from the bridge capture against the RFC's Skew_Time and Master_Down_Interval, preemption and
 * nopreempt, the equal-priority tie-break, link down, and stale VIPs after a crash.
 */
@Tag("lab")
class FailoverLabTest {

    static final Duration SETTLE = Duration.ofSeconds(15);

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void election_shouldMakeTheHigherPriorityMaster_withTheVipOnItAlone(Variant v) throws Exception {
        try (Routers p = Routers.of(v).withClient().build(); VrrpdNode r1 = p.vrrpd(1, 200, null); VrrpdNode r2 = p.vrrpd(2, 100, null)) {
            awaitState(r1, "MASTER", SETTLE);
            awaitState(r2, "BACKUP", SETTLE);
            p.awaitVipOnlyOn(1, SETTLE);
            var st = r2.instance(Routers.NAME);
            assertEquals(v.advertSource(1), java.net.InetAddress.getByName(st.path("master").path("address").asText()));
            assertEquals(200, st.path("master").path("priority").asInt());
            var adverts = p.advertsFrom(1);
            assertFalse(adverts.isEmpty());
            assertEquals(255, adverts.get(adverts.size() - 1).ttl(), "TTL / hop limit");
            assertEquals(0xc0, adverts.get(adverts.size() - 1).trafficClass(), "DSCP CS6 (network control)");
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void gracefulStop_shouldHandOverWithinSkewTimePlus20ms(Variant v) throws Exception {
        try (Routers p = Routers.of(v).withClient().build(); VrrpdNode r1 = p.vrrpd(1, 200, null); VrrpdNode r2 = p.vrrpd(2, 100, null)) {
            awaitState(r1, "MASTER", SETTLE);
            awaitState(r2, "BACKUP", SETTLE);
            r1.process().signal("TERM");
            r1.process().waitForExit(Duration.ofSeconds(10));
            p.awaitVipOnlyOn(2, SETTLE);
            Pcap.Frame zero = Poll.untilValue(() -> p.advertsFrom(1).stream().filter(f -> f.vrrpPriority() == 0)
                    .findFirst().orElse(null), "priority-0 advert from r1");
            Pcap.Frame first = Poll.untilValue(() -> p.firstAdvertFrom(2, zero.micros()).orElse(null),
                    "first advert from r2");
            double ms = (first.micros() - zero.micros()) / 1000.0;
            double skew = v.skewMs(100);
            System.out.printf("[%s] graceful: priority 0 -> new master's first advert %.1f ms (Skew_Time %.1f ms)%n",
                    v, ms, skew);
            assertTrue(ms <= skew + 20, "took " + ms + " ms, Skew_Time is " + skew + " ms");
            assertTrue(ms >= skew - 5, "took " + ms + " ms, earlier than Skew_Time " + skew + " ms");
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void crash_shouldHandOverWithinMasterDownIntervalPlus20ms(Variant v) throws Exception {
        try (Routers p = Routers.of(v).withClient().build(); VrrpdNode r1 = p.vrrpd(1, 200, null); VrrpdNode r2 = p.vrrpd(2, 100, null)) {
            awaitState(r1, "MASTER", SETTLE);
            awaitState(r2, "BACKUP", SETTLE);
            r1.process().signal("KILL");
            r1.process().waitForExit(Duration.ofSeconds(10));
            awaitState(r2, "MASTER", SETTLE);
            Poll.until("r2 adverts captured", SETTLE, () -> !p.advertsFrom(2).isEmpty());
            Pcap.Frame first = p.advertsFrom(2).get(0);
            List<Pcap.Frame> before = p.advertsFrom(1).stream().filter(f -> f.micros() < first.micros()).toList();
            Pcap.Frame last = before.get(before.size() - 1);
            double ms = (first.micros() - last.micros()) / 1000.0;
            double mdi = v.masterDownMs(100);
            System.out.printf("[%s] crash: last advert -> new master's first advert %.1f ms (Master_Down_Interval %.1f ms)%n",
                    v, ms, mdi);
            assertTrue(ms <= mdi + 20, "took " + ms + " ms, Master_Down_Interval is " + mdi + " ms");
            assertTrue(ms >= mdi - 20, "took " + ms + " ms, earlier than Master_Down_Interval " + mdi + " ms");
            assertTrue(p.hasVip(2));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void returningHigherPriority_shouldPreemptAndTakeTheVipBack(Variant v) throws Exception {
        try (Routers p = Routers.of(v).withClient().build(); VrrpdNode r1 = p.vrrpd(1, 200, null); VrrpdNode r2 = p.vrrpd(2, 100, null)) {
            awaitState(r1, "MASTER", SETTLE);
            r1.process().signal("TERM");
            r1.process().waitForExit(Duration.ofSeconds(10));
            p.awaitVipOnlyOn(2, SETTLE);
            r1.restart();
            awaitState(r1, "MASTER", SETTLE);
            awaitState(r2, "BACKUP", SETTLE);
            p.awaitVipOnlyOn(1, SETTLE);
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void nopreempt_returningHigherPriority_shouldStayBackup(Variant v) throws Exception {
        try (Routers p = Routers.of(v).withClient().build(); VrrpdNode r1 = p.vrrpd(1, 200, "    preempt: false\n");
             VrrpdNode r2 = p.vrrpd(2, 100, "    preempt: false\n")) {
            awaitState(r1, "MASTER", SETTLE);
            r1.process().signal("TERM");
            r1.process().waitForExit(Duration.ofSeconds(10));
            p.awaitVipOnlyOn(2, SETTLE);
            r1.restart();
            awaitState(r1, "BACKUP", SETTLE);
            // r1 has heard r2's adverts for several intervals and still does not preempt
            long heard = Poll.untilValue(() -> {
                var st = r1.instance(Routers.NAME);
                long n = st == null ? 0 : st.path("counters").path("advertsReceived").asLong();
                return n >= 5 ? n : null;
            }, "r1 hearing r2's adverts");
            assertTrue(heard >= 5);
            assertEquals("BACKUP", r1.state(Routers.NAME));
            assertEquals("MASTER", r2.state(Routers.NAME));
            assertTrue(p.hasVip(2) && !p.hasVip(1));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void equalPriority_afterAPartitionHeals_shouldLeaveTheHigherPrimaryAddressMaster(Variant v) throws Exception {
        try (Routers p = Routers.of(v).withClient().build()) {
            p.partition(true);
            try (VrrpdNode r1 = p.vrrpd(1, 100, null); VrrpdNode r2 = p.vrrpd(2, 100, null)) {
                awaitState(r1, "MASTER", SETTLE);
                awaitState(r2, "MASTER", SETTLE);
                p.partition(false);
                awaitState(r1, "BACKUP", SETTLE);
                assertEquals("MASTER", r2.state(Routers.NAME));
                p.awaitVipOnlyOn(2, SETTLE);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void linkDown_shouldFaultTheMaster_andTheBackupTakesOver(Variant v) throws Exception {
        try (Routers p = Routers.of(v).withClient().build(); VrrpdNode r1 = p.vrrpd(1, 200, null); VrrpdNode r2 = p.vrrpd(2, 100, null)) {
            awaitState(r1, "MASTER", SETTLE);
            awaitState(r2, "BACKUP", SETTLE);
            p.lab.exec("r1", "ip", "link", "set", "eth0", "down");
            awaitState(r1, "FAULT", SETTLE);
            awaitState(r2, "MASTER", SETTLE);
            assertFalse(p.hasVip(1), "a faulted node holds no VIP");
            p.lab.exec("r1", "ip", "link", "set", "eth0", "up");
            awaitState(r1, "MASTER", SETTLE);
            p.awaitVipOnlyOn(1, SETTLE);
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void killedMaster_restarting_shouldRemoveItsStaleVipBeforeJoiningAsBackup(Variant v) throws Exception {
        try (Routers p = Routers.of(v).withClient().build(); VrrpdNode r1 = p.vrrpd(1, 200, "    preempt: false\n");
             VrrpdNode r2 = p.vrrpd(2, 100, null)) {
            awaitState(r1, "MASTER", SETTLE);
            r1.process().signal("KILL");
            r1.process().waitForExit(Duration.ofSeconds(10));
            awaitState(r2, "MASTER", SETTLE);
            assertTrue(p.hasVip(1), "a killed daemon leaves its VIP behind (as keepalived does)");
            r1.restart();
            awaitState(r1, "BACKUP", SETTLE);
            p.awaitVipOnlyOn(2, SETTLE);
            String log = r1.process().logText();
            int removed = log.indexOf("left on eth0 by an earlier run");
            int joined = log.indexOf("INITIALIZE -> BACKUP");
            assertTrue(removed >= 0, "no stale-VIP removal logged:\n" + log);
            assertTrue(removed < joined, "VIP removed only after joining as Backup");
        }
    }
}
