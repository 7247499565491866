package org.vrrpd.lab.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vrrpd.lab.fixture.Routers.awaitState;
import static org.vrrpd.lab.interop.KeepalivedPeer.awaitState;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;
import org.vrrpd.wire.VrrpAuthentication;

/**
 * VRRPv2 with keepalived's {@code auth_type PASS} against Debian's keepalived 2.2.7, both ways round: each
 * accepts the other's password (keepalived: no {@code auth_failure}/{@code authtype_mismatch}, vrrpd: no drops),
 * exactly one router holds the VIP at every sample once the election has settled, and a SIGTERM or a crash of
 * the Master hands the VIP over within Skew_Time + 20 ms or Master_Down_Interval + 20 ms (capture timestamps).
 * A different password on one side is dropped and counted by vrrpd as {@code auth_password_mismatch}, logged once
 * per 10 s.
 */
@Tag("lab")
class KeepalivedAuthenticationLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);
    static final Variant V = Variant.V2_IPV4;
    static final String PASSWORD = "s3cret";
    /**
     * Three seconds of sampling the VIP holders, paced at 10 ms; each sample runs {@code ip} in both namespaces,
     * so on the 2-core lab machine one lands about every 17-23 ms.
     */
    static final Duration SAMPLING = Duration.ofSeconds(3);

    @BeforeAll
    static void needsLab() {
        assumeTrue(Interop.labWithKeepalived(), "needs root, iproute2, tcpdump and keepalived");
    }

    static String vrrpdAuth(String password) {
        return "    authentication: {type: pass, password: " + password + "}\n";
    }

    static KeepalivedPeer keepalived(Routers p, int n, int priority, String password) throws IOException {
        List<String> lines = new ArrayList<>(p.keepalivedSettings(n, priority).extraInstanceLines());
        lines.addAll(List.of("authentication {", "  auth_type PASS", "  auth_pass " + password, "}"));
        return KeepalivedPeer.start(p.lab, "r" + n, p.keepalivedSettings(n, priority).withLines(lines));
    }

    @Test
    void vrrpdMaster_keepalivedBackup_withPass_shouldHaveOneVipHolder_andFailOverInTime() throws Exception {
        try (Routers p = Routers.of(V).withClient().build(); VrrpdNode r1 = p.vrrpd(1, 200, vrrpdAuth(PASSWORD));
             KeepalivedPeer k2 = keepalived(p, 2, 100, PASSWORD)) {
            awaitState(r1, "MASTER", SETTLE);
            k2.awaitBackupUnder(200, Interop.advertsInTwoSeconds(V), SETTLE);
            p.awaitVipOnlyOn(1, SETTLE);
            assertOneHolderAtEverySample(p, 1, "vrrpd Master");
            assertPasswordOnTheWire(p, 1);
            assertEquals(0, k2.instance().path("stats").path("become_master").asInt(), "keepalived was Master: "
                    + k2.logs());
            Interop.assertKeepalivedAcceptedEverything(k2);

            long since = Routers.now();
            r1.process().signal("TERM");
            r1.process().waitForExit(Duration.ofSeconds(10));
            p.awaitVipOnlyOn(2, SETTLE);
            awaitState(k2, KeepalivedPeer.STATE_MASTER, SETTLE);
            Takeover.graceful(p, 1, 2, since, V.skewMs(100)).print("v2 PASS vrrpd -> keepalived, SIGTERM", 5, 20);

            r1.restart();
            awaitState(r1, "MASTER", SETTLE);
            awaitState(k2, KeepalivedPeer.STATE_BACKUP, SETTLE);
            p.awaitVipOnlyOn(1, SETTLE);
            assertOneHolderAtEverySample(p, 1, "vrrpd Master again");
            JsonNode r1Status = r1.instance(Routers.NAME);

            since = Routers.now();
            r1.process().signal("KILL");
            r1.process().waitForExit(Duration.ofSeconds(10));
            awaitState(k2, KeepalivedPeer.STATE_MASTER, SETTLE);
            Poll.until("VIP on r2", SETTLE, () -> p.hasVip(2));
            Takeover.crash(p, 1, 2, since, V.masterDownMs(100)).print("v2 PASS vrrpd -> keepalived, crash", 30, 20);

            Interop.assertKeepalivedAcceptedEverything(k2);
            Interop.assertNoDrops(r1Status);
        }
    }

    @Test
    void keepalivedMaster_vrrpdBackup_withPass_shouldHaveOneVipHolder_andFailOverInTime() throws Exception {
        try (Routers p = Routers.of(V).withClient().build(); KeepalivedPeer k1 = keepalived(p, 1, 200, PASSWORD);
             VrrpdNode r2 = p.vrrpd(2, 100, vrrpdAuth(PASSWORD))) {
            awaitState(k1, KeepalivedPeer.STATE_MASTER, SETTLE);
            long enough = Interop.advertsInTwoSeconds(V);
            Poll.until("vrrpd Backup under keepalived's adverts", SETTLE, () -> {
                JsonNode st = r2.instance(Routers.NAME);
                return st != null && "BACKUP".equals(st.path("state").asText())
                        && st.path("counters").path("advertsReceived").asLong() >= enough;
            });
            p.awaitVipOnlyOn(1, SETTLE);
            assertOneHolderAtEverySample(p, 1, "keepalived Master");
            assertPasswordOnTheWire(p, 1);
            JsonNode st = r2.instance(Routers.NAME);
            assertEquals(200, st.path("master").path("priority").asInt());
            assertEquals("pass", st.path("authentication").asText(), st.toString());
            assertEquals(0, st.path("counters").path("becameMaster").asInt(), "vrrpd was Master: " + st);
            Interop.assertNoDrops(st);

            long since = Routers.now();
            k1.stop();
            awaitState(r2, "MASTER", SETTLE);
            p.awaitVipOnlyOn(2, SETTLE);
            Takeover.graceful(p, 1, 2, since, V.skewMs(100)).print("v2 PASS keepalived -> vrrpd, SIGTERM", 5, 20);
            assertPasswordOnTheWire(p, 2);

            k1.restart();
            awaitState(k1, KeepalivedPeer.STATE_MASTER, SETTLE);
            awaitState(r2, "BACKUP", SETTLE);
            p.awaitVipOnlyOn(1, SETTLE);
            assertOneHolderAtEverySample(p, 1, "keepalived Master again");
            Interop.assertKeepalivedAcceptedEverything(k1);

            since = Routers.now();
            k1.crash();
            awaitState(r2, "MASTER", SETTLE);
            Takeover.crash(p, 1, 2, since, V.masterDownMs(100)).print("v2 PASS keepalived -> vrrpd, crash", 30, 20);
            assertTrue(p.hasVip(2));
            Interop.assertNoDrops(r2.instance(Routers.NAME));
            Interop.assertNoWarnings(r2);
        }
    }

    /**
     * A different password: RFC 3768 §7.1 makes each side drop the other's adverts, so both become Master (the
     * misconfiguration authentication exists to reveal). vrrpd counts keepalived's adverts as
     * {@code auth_password_mismatch} and logs them at most once per 10 s; keepalived counts ours as
     * {@code auth_failure}, which shows vrrpd sent its (other) password with type 1.
     * <p>
     * vrrpd starts once keepalived is Master (see {@link Interop#assertAuthDropsCountedAndLogged}).
     */
    @Test
    void differentPassword_shouldBeCountedAsAuthPasswordMismatch_andLoggedRateLimited() throws Exception {
        try (Routers p = Routers.of(V).withClient().build(); KeepalivedPeer k1 = keepalived(p, 1, 200, PASSWORD)) {
            awaitState(k1, KeepalivedPeer.STATE_MASTER, SETTLE);
            try (VrrpdNode r2 = p.vrrpd(2, 100, vrrpdAuth("other"))) {
                JsonNode st = Interop.assertAuthDropsCountedAndLogged(p, k1, r2, "auth_password_mismatch",
                        "v2 PASS, different password", PASSWORD, "other");
                assertEquals(0, st.path("counters").path("drops").path("auth_mismatch").asLong(), st.toString());
            }
        }
    }

    /** Exactly router {@code n} holds the VIP at every sample for {@link #SAMPLING}. */
    static void assertOneHolderAtEverySample(Routers p, int n, String phase) throws Exception {
        long end = System.nanoTime() + SAMPLING.toNanos();
        int samples = 0;
        while (System.nanoTime() < end) {
            boolean mine = p.hasVip(n);
            boolean other = p.hasVip(Routers.other(n));
            assertTrue(mine && !other, phase + ": sample " + samples + " r" + n + " " + mine + ", r"
                    + Routers.other(n) + " " + other);
            samples++;
            Thread.sleep(10); // sampling period, not a wait for a condition
        }
        System.out.printf("[v2 PASS] %s: VIP only on r%d at all %d samples in %d ms%n", phase, n, samples,
                SAMPLING.toMillis());
    }

    /** Router {@code n}'s adverts carry auth type 1 and the configured password, zero-padded. */
    static void assertPasswordOnTheWire(Routers p, int n) throws IOException {
        List<Pcap.Frame> adverts = p.advertsFrom(n);
        assertFalse(adverts.isEmpty(), "no advert from r" + n);
        for (Pcap.Frame f : adverts.subList(Math.max(0, adverts.size() - 3), adverts.size())) {
            assertEquals(VrrpAuthentication.simplePassword(PASSWORD),
                    Interop.decode(f).advertisement().authentication());
        }
    }
}
