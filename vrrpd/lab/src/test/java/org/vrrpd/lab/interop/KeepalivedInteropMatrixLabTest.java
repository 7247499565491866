package org.vrrpd.lab.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;
import org.vrrpd.wire.VrrpAuthentication;

/**
 * The keepalived 2.2.7 interop matrix: VRRPv2 with {@code auth_type PASS}, VRRPv2 with {@code auth_type AH} and
 * VRRPv3 unicast, each both ways round (vrrpd Master / keepalived Backup and the reverse), 1 s adverts, one
 * namespace setup per combination. In each: once the election has settled exactly one router holds the VIP at
 * every 10 ms sample of a 3 s window ({@link VipSampler}: rtnetlink in each namespace); a SIGTERM of the Master
 * hands over within Skew_Time + 20 ms (priority-0 advert → the Backup's first advert, capture timestamps); the
 * Master comes back and preempts, and the window is sampled again; a SIGKILL of the Master hands over within
 * Master_Down_Interval + 20 ms (its last advert → the Backup's first). Neither side drops or complains about a
 * packet of the other. The figures are printed.
 */
@Tag("lab")
class KeepalivedInteropMatrixLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);
    static final Duration SAMPLING = Duration.ofSeconds(3);
    static final int INTERVAL_MS = 1000;
    static final int MASTER_PRIORITY = 200;
    static final int BACKUP_PRIORITY = 100;
    static final String KEY = "s3cret";

    /** What the segment speaks: the lab variant, vrrpd's YAML lines and keepalived's lines for it. */
    enum Flavour {
        V2_PASS(Variant.V2_IPV4, "    authentication: {type: pass, password: " + KEY + "}\n",
                List.of("authentication {", "  auth_type PASS", "  auth_pass " + KEY, "}")),
        V2_AH(Variant.V2_IPV4, "    authentication: {type: ah, password: " + KEY + "}\n",
                List.of("authentication {", "  auth_type AH", "  auth_pass " + KEY, "}")),
        V3_UNICAST(Variant.V3_IPV4_UNICAST, "", List.of());

        final Variant variant;
        final String vrrpdLines;
        final List<String> keepalivedLines;

        Flavour(Variant variant, String vrrpdLines, List<String> keepalivedLines) {
            this.variant = variant;
            this.vrrpdLines = vrrpdLines;
            this.keepalivedLines = keepalivedLines;
        }
    }

    /** Which implementation starts as Master (router 1, priority 200); the other is router 2, priority 100. */
    enum Master { VRRPD, KEEPALIVED }

    @BeforeAll
    static void needsLab() {
        assumeTrue(Interop.labWithKeepalived(), "needs root, iproute2, tcpdump and keepalived");
    }

    static Stream<Arguments> matrix() {
        return Stream.of(Flavour.values()).flatMap(f -> Stream.of(Master.values()).map(m -> Arguments.of(f, m)));
    }

    /** Skew_Time of the Backup in ms at 1 s adverts (v2 and v3 agree there). */
    static double skewMs() {
        return (256 - BACKUP_PRIORITY) * INTERVAL_MS / 256.0;
    }

    static double masterDownMs() {
        return 3.0 * INTERVAL_MS + skewMs();
    }

    @ParameterizedTest(name = "{0}, {1} Master")
    @MethodSource("matrix")
    void oneVipHolder_andFailoverWithinTheRfcTimes(Flavour f, Master m) throws Exception {
        String label = f + ", " + m.name().toLowerCase() + " Master";
        try (Routers p = Routers.of(f.variant).intervalMs(INTERVAL_MS).withClient().build();
             Peer master = start(p, f, m == Master.VRRPD, 1, MASTER_PRIORITY);
             Peer backup = start(p, f, m != Master.VRRPD, 2, BACKUP_PRIORITY); VipSampler vips = new VipSampler(p)) {
            master.awaitMaster();
            backup.awaitBackupUnderMaster();
            p.awaitVipOnlyOn(1, SETTLE);
            vips.assertOnlyHolder(1, SAMPLING, label + ", settled");
            assertWireForm(p, f, 1);

            long since = Routers.now();
            master.terminate();
            backup.awaitMaster();
            p.awaitVipOnlyOn(2, SETTLE);
            Takeover.graceful(p, 1, 2, since, skewMs()).print(label + ", SIGTERM", 5, 20);
            assertWireForm(p, f, 2);

            master.restart();
            master.awaitMaster();
            backup.awaitBackupUnderMaster();
            p.awaitVipOnlyOn(1, SETTLE);
            vips.assertOnlyHolder(1, SAMPLING, label + ", after the Master's restart");
            master.assertClean();

            since = Routers.now();
            master.kill();
            backup.awaitMaster();
            Poll.until("VIP on r2", SETTLE, () -> p.hasVip(2));
            Takeover.crash(p, 1, 2, since, masterDownMs()).print(label + ", SIGKILL", 30, 20);
            backup.assertClean();
        }
    }

    /**
     * AH with another key on one side: each side's ICV check fails, so each drops the other's adverts and both
     * become Master. vrrpd counts keepalived's adverts as {@code auth_ah_icv_mismatch} and logs them at most once
     * per 10 s without the key; keepalived counts ours as {@code auth_failure}.
     * <p>
     * vrrpd starts only once keepalived is Master (see {@link Interop#assertAuthDropsCountedAndLogged}).
     */
    @Test
    void ahWithAnotherKey_shouldBeCountedAsIcvMismatch_andLoggedRateLimited() throws Exception {
        try (Routers p = Routers.of(Variant.V2_IPV4).intervalMs(INTERVAL_MS).withClient().build();
             KeepalivedPeer k = keepalived(p, Flavour.V2_AH, 1, MASTER_PRIORITY)) {
            KeepalivedPeer.awaitState(k, KeepalivedPeer.STATE_MASTER, SETTLE);
            try (VrrpdNode r2 = p.vrrpd(2, BACKUP_PRIORITY, "    authentication: {type: ah, password: wr0ngk3y}\n")) {
                JsonNode st = Interop.assertAuthDropsCountedAndLogged(p, k, r2, "auth_ah_icv_mismatch",
                        "v2 AH, another key", KEY, "wr0ngk3y");
                assertEquals(0, st.path("counters").path("advertsReceived").asLong(), st.toString());
            }
        }
    }

    /** Router {@code n}'s last adverts are in the flavour's form: PASS with the key, AH (protocol 51), v3 unicast. */
    static void assertWireForm(Routers p, Flavour f, int n) throws IOException {
        List<Pcap.Frame> adverts = p.advertsFrom(n);
        assertFalse(adverts.isEmpty(), "no advert from r" + n);
        for (Pcap.Frame a : adverts.subList(Math.max(0, adverts.size() - 3), adverts.size())) {
            VrrpAuthentication auth = Interop.decode(a).advertisement().authentication();
            switch (f) {
                case V2_PASS -> assertEquals(VrrpAuthentication.simplePassword(KEY), auth);
                case V2_AH -> {
                    assertTrue(a.isIpsecAh(), "not an AH datagram: protocol " + a.ipProtocol());
                    assertEquals(VrrpAuthentication.ipAuthHeader(), auth);
                }
                case V3_UNICAST -> assertEquals(p.v.advertSource(Routers.other(n)), a.ipDestination());
                default -> throw new IllegalStateException(f.toString());
            }
        }
    }

    static Peer start(Routers p, Flavour f, boolean vrrpd, int n, int priority) throws IOException {
        if (vrrpd) {
            return new VrrpdSide(p.vrrpd(n, priority, f.vrrpdLines), priority == MASTER_PRIORITY ? 0 : MASTER_PRIORITY);
        }
        return new KeepalivedSide(keepalived(p, f, n, priority), priority == MASTER_PRIORITY ? 0 : MASTER_PRIORITY);
    }

    static KeepalivedPeer keepalived(Routers p, Flavour f, int n, int priority) throws IOException {
        List<String> lines = new ArrayList<>(p.keepalivedSettings(n, priority).extraInstanceLines());
        lines.addAll(f.keepalivedLines);
        return KeepalivedPeer.start(p.lab, "r" + n, p.keepalivedSettings(n, priority).withLines(lines));
    }

    /** One router of the pair, whichever implementation runs it. */
    interface Peer extends AutoCloseable {
        void awaitMaster();

        /** Backup, hearing the Master (priority 200) for about two adverts. */
        void awaitBackupUnderMaster();

        void terminate() throws Exception;

        void kill() throws Exception;

        void restart() throws IOException;

        /** Dropped nothing of the other's and complained about nothing. */
        void assertClean() throws IOException;

        @Override
        void close();
    }

    /** vrrpd on one router. */
    record VrrpdSide(VrrpdNode node, int masterPriority) implements Peer {
        @Override
        public void awaitMaster() {
            Routers.awaitState(node, "MASTER", SETTLE);
        }

        @Override
        public void awaitBackupUnderMaster() {
            Poll.until(node.host() + " vrrpd Backup under the Master", SETTLE, () -> {
                JsonNode st = node.instance(Routers.NAME);
                return st != null && "BACKUP".equals(st.path("state").asText())
                        && st.path("master").path("priority").asInt() == masterPriority
                        && st.path("counters").path("advertsReceived").asLong() >= 2;
            });
        }

        @Override
        public void terminate() throws Exception {
            node.process().signal("TERM");
            node.process().waitForExit(Duration.ofSeconds(10));
        }

        @Override
        public void kill() throws Exception {
            node.process().signal("KILL");
            node.process().waitForExit(Duration.ofSeconds(10));
        }

        @Override
        public void restart() throws IOException {
            node.restart();
        }

        @Override
        public void assertClean() {
            Interop.assertNoDrops(node.instance(Routers.NAME));
            Interop.assertNoWarnings(node);
        }

        @Override
        public void close() {
            node.close();
        }
    }

    /** keepalived on one router. */
    record KeepalivedSide(KeepalivedPeer peer, int masterPriority) implements Peer {
        @Override
        public void awaitMaster() {
            KeepalivedPeer.awaitState(peer, KeepalivedPeer.STATE_MASTER, SETTLE);
        }

        @Override
        public void awaitBackupUnderMaster() {
            peer.awaitBackupUnder(masterPriority, 2, SETTLE);
        }

        @Override
        public void terminate() throws Exception {
            peer.stop();
        }

        @Override
        public void kill() throws Exception {
            peer.crash();
        }

        @Override
        public void restart() throws IOException {
            peer.restart();
        }

        @Override
        public void assertClean() throws IOException {
            Interop.assertKeepalivedAcceptedEverything(peer);
        }

        @Override
        public void close() {
            peer.close();
        }
    }
}
