package org.vrrpd.daemon.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.daemon.preflight.PeerJudgeTest.VIP;
import static org.vrrpd.daemon.preflight.PeerJudgeTest.ip;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vrrpd.wire.ChecksumMode;
import org.vrrpd.wire.VrrpAdvertisement;
import org.vrrpd.wire.VrrpAuthentication;

/** The census: per source, the last advert, counts, times, findings; presence windows; leaving peers. */
class PeerCensusTest {

    private static final long S = 1_000_000_000L;
    private static final VrrpAuthentication PASS = VrrpAuthentication.simplePassword("s3cret");

    private final PeerCensus census = new PeerCensus(PeerJudgeTest.v2(PASS));

    private static PeerAdvert from(String source, int vrid, int priority, VrrpAuthentication auth, String drop) {
        return new PeerAdvert(ip(source), VrrpAdvertisement.v2(vrid, priority, 1, List.of(VIP), auth),
                Optional.of(ChecksumMode.MESSAGE_ONLY), Optional.ofNullable(drop));
    }

    @Test
    void record_shouldCountAdvertsPerSource_andKeepFirstAndLastTimes() {
        census.record(from("192.0.2.11", 51, 150, PASS, null), 1 * S);
        census.record(from("192.0.2.11", 51, 150, PASS, null), 2 * S);
        PeerCensus.Peer p = census.record(from("192.0.2.11", 51, 150, PASS, null), 3 * S);
        assertEquals(3, p.adverts());
        assertEquals(1 * S, p.firstNanos());
        assertEquals(3 * S, p.lastNanos());
        assertTrue(p.findings().isEmpty());
    }

    @Test
    void otherVrid_shouldNotBeKept() {
        assertNull(census.record(from("192.0.2.11", 52, 150, PASS, null), S));
        assertEquals(List.of(), census.heard(S, S));
    }

    @Test
    void droppedAdverts_shouldBeKeptWithTheirReason_andMakeThePeerIncompatible() {
        census.record(from("192.0.2.11", 51, 150, VrrpAuthentication.none(), "auth_mismatch"), S);
        census.record(from("192.0.2.12", 51, 100, PASS, null), S);
        List<PeerCensus.Peer> bad = census.incompatible(S, 3 * S);
        assertEquals(List.of(ip("192.0.2.11")), bad.stream().map(PeerCensus.Peer::source).toList());
        assertEquals(Optional.of("auth_mismatch"), bad.get(0).last().dropReason());
        assertEquals(2, census.heard(S, 3 * S).size());
    }

    @Test
    void peerNotHeardWithinTheWindow_shouldNoLongerCount() {
        census.record(from("192.0.2.11", 51, 150, VrrpAuthentication.none(), "auth_mismatch"), S);
        assertEquals(1, census.incompatible(4 * S, 3 * S).size());
        assertEquals(0, census.incompatible(4 * S + 1, 3 * S).size());
    }

    @Test
    void peerThatSentPriorityZero_hasLeft_andNoLongerHoldsAnyoneBack() {
        census.record(from("192.0.2.11", 51, 150, VrrpAuthentication.none(), "auth_mismatch"), S);
        PeerCensus.Peer p = census.record(from("192.0.2.11", 51, 0, VrrpAuthentication.none(), "auth_mismatch"),
                2 * S);
        assertTrue(p.left());
        assertTrue(p.splitsBrain());
        assertFalse(p.incompatible());
        assertEquals(List.of(), census.incompatible(2 * S, 3 * S));
    }

    @Test
    void reconfigure_shouldJudgeEveryPeerAgain() {
        census.record(from("192.0.2.11", 51, 150, VrrpAuthentication.none(), "auth_mismatch"), S);
        census.reconfigure(PeerJudgeTest.v2(VrrpAuthentication.none()));
        assertEquals(List.of(), census.incompatible(S, 3 * S));
    }

    @Test
    void census_shouldKeepAtMostMaxPeers_droppingTheLeastRecentlyHeard() {
        for (int i = 0; i < PeerCensus.MAX_PEERS + 5; i++) {
            census.record(from("198.51.100." + (i + 1), 51, 100, PASS, null), i);
        }
        List<PeerCensus.Peer> all = census.heard(PeerCensus.MAX_PEERS + 5, Long.MAX_VALUE / 2);
        assertEquals(PeerCensus.MAX_PEERS, all.size());
        assertNull(census.peer(InetAddress.getLoopbackAddress()));
        assertNull(census.peer(ip("198.51.100.1")));
    }
}
