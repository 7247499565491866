package org.vrrpd.lab.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.vrrpd.lab.fixture.Cmd;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;
import org.vrrpd.wire.DecodeResult;
import org.vrrpd.wire.DecodedAdvertisement;
import org.vrrpd.wire.IpEnvelope;
import org.vrrpd.wire.VrrpCodec;

/** Shared checks of the interop lab tests. */
final class Interop {

    private Interop() {
    }

    /** Root, iproute2 and tcpdump are there. */
    static boolean labWithTcpdump() {
        return Lab.available() && has("tcpdump", "--version");
    }

    /** Root, iproute2, tcpdump and keepalived are all there. */
    static boolean labWithKeepalived() {
        return labWithTcpdump() && has("keepalived", "--version");
    }

    static boolean has(String... command) {
        try {
            Cmd.run(Duration.ofSeconds(5), command);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** How keepalived (inet_ntop) prints router {@code n}'s advert source: compressed IPv6, dotted IPv4. */
    static String sourceText(Variant v, int n) {
        return v.ipv6 ? Variant.linkLocal(n) : v.hostAddress(n);
    }

    /** How many adverts a Master sends in about two seconds at this variant's interval. */
    static long advertsInTwoSeconds(Variant v) {
        return Math.max(2, 2000 / v.intervalMs);
    }

    /** {@code first} occurs in the log, and {@code then} occurs after it. */
    static void assertLogInOrder(String log, String first, String then) {
        int i = log.indexOf(first);
        assertTrue(i >= 0, "not logged: " + first + "\n" + log);
        assertTrue(log.indexOf(then, i) > i, "not logged after '" + first + "': " + then + "\n" + log);
    }

    /** keepalived counted no packet error and logged no complaint about a received packet. */
    static void assertKeepalivedAcceptedEverything(KeepalivedPeer k) throws IOException {
        JsonNode stats = k.instance().path("stats");
        for (String counter : KeepalivedPeer.ERROR_STATS) {
            assertEquals(0, stats.path(counter).asLong(), "keepalived " + counter + ": " + stats);
        }
        List<String> complaints = k.receiveComplaints();
        assertTrue(complaints.isEmpty(), "keepalived complained:\n" + String.join("\n", complaints));
    }

    /** Decodes a captured VRRP frame with vrrpd's own codec; fails the test when the codec rejects it. */
    static DecodedAdvertisement decode(Pcap.Frame f) {
        DecodeResult r = VrrpCodec.decode(new IpEnvelope(f.ipSource(), f.ipDestination(), f.ttl(), 0), f.vrrpMessage());
        if (r instanceof DecodedAdvertisement d) {
            return d;
        }
        throw new AssertionError("captured advert from " + f.ipSource().getHostAddress() + " rejected: " + r);
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** vrrpd logged nothing at WARN or ERROR level in its current run. */
    static void assertNoWarnings(VrrpdNode node) {
        List<String> bad = node.process().logText().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                .toList();
        assertTrue(bad.isEmpty(), node.host() + " vrrpd warned:\n" + String.join("\n", bad));
    }

    /** vrrpd's status of one instance shows no dropped packet at all. */
    static void assertNoDrops(JsonNode instanceStatus) {
        JsonNode drops = instanceStatus.path("counters").path("drops");
        assertEquals(0, drops.size(), "vrrpd dropped packets: " + drops);
    }

    /**
     * keepalived's adverts that vrrpd ({@code r2}) drops for their authentication: at least two counted as
     * {@code counter} (start vrrpd once keepalived is Master: keepalived 2.2.7's Master goes silent once vrrpd is
     * Master at the same interval, seen in the captures), vrrpd Master, keepalived counting vrrpd's adverts as
     * {@code auth_failure}, and the drops logged at WARN, at most once per 10 s, naming none of {@code secrets}.
     * Returns vrrpd's instance status for the caller's own assertions.
     */
    static JsonNode assertAuthDropsCountedAndLogged(Routers p, KeepalivedPeer k, VrrpdNode r2, String counter,
                                                    String label, String... secrets) throws Exception {
        Duration settle = Duration.ofSeconds(20);
        try {
            Poll.until("vrrpd dropped 2 of keepalived's adverts", settle, () -> r2.instance(Routers.NAME)
                    .path("counters").path("drops").path(counter).asLong() >= 2);
        } catch (AssertionError e) { // say what the segment and the daemon did instead
            throw new AssertionError(e.getMessage() + "\nr2 status: " + r2.instance(Routers.NAME)
                    + "\nr2 log:\n" + r2.process().logText() + "\nadverts on the bridge: "
                    + p.advertsFrom(1).size() + " from r1, " + p.advertsFrom(2).size() + " from r2", e);
        }
        Routers.awaitState(r2, "MASTER", settle);
        Poll.until("keepalived counted vrrpd's adverts as auth_failure", settle, KeepalivedPeer.POLL,
                () -> k.instance().path("stats").path("auth_failure").asLong() >= 1);
        JsonNode st = r2.instance(Routers.NAME);
        long drops = st.path("counters").path("drops").path(counter).asLong();
        List<String> lines = r2.process().logText().lines()
                .filter(l -> l.contains("dropped advert from") && l.contains(counter)).toList();
        System.out.printf("[%s] vrrpd dropped %d adverts as %s, logged %d line(s): %s%n", label, drops, counter,
                lines.size(), lines);
        assertFalse(lines.isEmpty(), "the drop was not logged: " + r2.process().logText());
        assertTrue(lines.size() < drops, "not rate-limited: " + lines.size() + " lines for " + drops + " drops");
        assertTrue(lines.stream().allMatch(l -> l.contains(" WARN ")), lines.toString());
        for (String secret : secrets) {
            assertTrue(lines.stream().noneMatch(l -> l.contains(secret)), "a secret in the log: " + lines);
        }
        return st;
    }
}
