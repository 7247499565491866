package org.vrrpd.lab.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vrrpd.lab.fixture.Routers.awaitState;
import static org.vrrpd.lab.interop.KeepalivedPeer.awaitState;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vrrpd.lab.fixture.KeepalivedNode;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * VRRPv3 with different advert intervals on the two implementations (RFC 9568 §6.4.2, §7.1: log, then learn
 * the Master's interval): the Backup adopts the Master's 1 s interval instead of its own 100 ms, then stays
 * Backup, and after a crash of the Master takes over after the learned Master_Down_Interval (3 s + Skew_Time),
 * not its own. Both ways round.
 *
 * <p>Before its first advert from the Master, a starting Backup only knows its own interval (RFC 9568 §6.4.1:
 * Master_Adver_Interval := Advertisement_Interval), so with a faster own interval its first down timer (360 ms)
 * can expire before the slow Master's next advert: it is Master for up to one second and yields on that advert.
 * Both implementations do this; the tests assert it stays Backup once it has learned the interval.
 */
@Tag("lab")
class KeepalivedIntervalLearningLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);

    @BeforeAll
    static void needsLab() {
        assumeTrue(Interop.labWithKeepalived(), "needs root, iproute2, tcpdump and keepalived");
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"V3_IPV4", "V3_IPV6"})
    void vrrpdBackup_shouldLearnKeepalivedsSlowerInterval_andWaitTheLearnedMasterDownInterval(Variant v)
            throws Exception {
        try (Routers p = Routers.of(v).withClient().build(); KeepalivedPeer k1 = KeepalivedPeer.start(p.lab, "r1",
                withInterval(Routers.keepalivedSettings(v, 1, 200), "1"));
             VrrpdNode r2 = p.vrrpd(2, 100, null)) {
            awaitState(k1, KeepalivedPeer.STATE_MASTER, SETTLE);
            Poll.until("vrrpd Backup with the learned interval", SETTLE, () -> {
                JsonNode st = r2.instance(Routers.NAME);
                return "BACKUP".equals(st.path("state").asText()) && st.path("master").path("adverIntervalCs").asInt() == 100;
            });
            JsonNode learned = r2.instance(Routers.NAME);
            long heard = learned.path("counters").path("advertsReceived").asLong();
            // four more of keepalived's 1 s adverts, far beyond our own 100 ms Master_Down_Interval
            Poll.until("vrrpd hearing 4 more adverts", SETTLE, () -> r2.instance(Routers.NAME).path("counters")
                    .path("advertsReceived").asLong() >= heard + 4);
            JsonNode st = r2.instance(Routers.NAME);
            assertEquals("BACKUP", st.path("state").asText());
            assertEquals(learned.path("counters").path("becameMaster").asInt(),
                    st.path("counters").path("becameMaster").asInt(), "Master again after learning: " + st);
            assertEquals(100, st.path("master").path("adverIntervalCs").asInt(), st.toString());
            assertTrue(st.path("counters").path("observations").path("advert_interval_mismatch").asLong() >= 1,
                    st.toString());
            Interop.assertNoDrops(st);

            long since = Routers.now();
            k1.crash();
            awaitState(r2, "MASTER", SETTLE);
            double learnedMdi = 3 * 1000 + (256 - 100) * 1000 / 256.0;
            Takeover.crash(p, 1, 2, since, learnedMdi).print(v + " keepalived 1 s -> vrrpd 100 ms, crash", 30, 150);
            System.out.printf("[%s] vrrpd (100 ms) was Master %d time(s) at startup before learning keepalived's 1 s%n",
                    v, learned.path("counters").path("becameMaster").asInt());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"V3_IPV4", "V3_IPV6"})
    void keepalivedBackup_shouldLearnVrrpdsSlowerInterval_andWaitTheLearnedMasterDownInterval(Variant v)
            throws Exception {
        String slow = v.vrrpdInstance(Routers.NAME, Routers.VRID, 200, 1, new int[] {2}, null)
                .replace("advert_interval: " + v.intervalMs + "ms", "advert_interval: 1s");
        try (Routers p = Routers.of(v).withClient().build(); VrrpdNode r1 = VrrpdNode.start(p.lab, "r1", slow);
             KeepalivedPeer k2 = KeepalivedPeer.start(p, 2, 100)) {
            awaitState(r1, "MASTER", SETTLE);
            Poll.until("keepalived Backup with the learned interval", SETTLE, KeepalivedPeer.POLL, () -> {
                JsonNode k = k2.instance();
                return k.path("data").path("state").asInt() == KeepalivedPeer.STATE_BACKUP
                        && k.path("data").path("master_adver_int").asDouble() == 1.0;
            });
            JsonNode learned = k2.instance();
            long heard = learned.path("stats").path("advert_rcvd").asLong();
            Poll.until("keepalived hearing 4 more adverts", SETTLE, KeepalivedPeer.POLL,
                    () -> k2.instance().path("stats").path("advert_rcvd").asLong() >= heard + 4);
            JsonNode k = k2.instance();
            assertEquals(KeepalivedPeer.STATE_BACKUP, k.path("data").path("state").asInt());
            assertEquals(learned.path("stats").path("become_master").asInt(),
                    k.path("stats").path("become_master").asInt(), "Master again after learning: " + k.path("stats"));
            assertEquals(1.0, k.path("data").path("master_adver_int").asDouble(), 1e-9, k.path("data").toString());
            assertTrue(k2.process().logText().contains("(vi) advertisement interval updated from 100ms to 1000ms by master"),
                    k2.logs());
            Interop.assertKeepalivedAcceptedEverything(k2);

            long since = Routers.now();
            r1.process().signal("KILL");
            r1.process().waitForExit(Duration.ofSeconds(10));
            awaitState(k2, KeepalivedPeer.STATE_MASTER, SETTLE);
            double learnedMdi = 3 * 1000 + (256 - 100) * 1000 / 256.0;
            Takeover.crash(p, 1, 2, since, learnedMdi).print(v + " vrrpd 1 s -> keepalived 100 ms, crash", 30, 150);
            System.out.printf("[%s] keepalived (100 ms) was Master %d time(s) at startup before learning vrrpd's 1 s%n",
                    v, learned.path("stats").path("become_master").asInt());
        }
    }

    static KeepalivedNode.Settings withInterval(KeepalivedNode.Settings s, String advertInt) {
        return new KeepalivedNode.Settings(s.name(), s.iface(), s.vrid(), s.version(), s.priority(), advertInt,
                s.vips(), s.nopreempt(), s.v3ChecksumAsV2(), s.unicastSrc(), s.unicastPeers(),
                List.copyOf(s.extraInstanceLines()));
    }
}
