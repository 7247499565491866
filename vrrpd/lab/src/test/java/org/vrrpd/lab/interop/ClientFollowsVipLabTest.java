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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * A client that has talked to the VIP follows it to the new Master without sending anything itself: the new
 * Master's gratuitous ARP (IPv4) or unsolicited Neighbor Advertisement with the Override flag (IPv6) rewrites
 * the client's neighbour entry for the VIP to the new Master's MAC, after a graceful stop, after a crash, and
 * again when the returning higher priority preempts.
 */
@Tag("lab")
class ClientFollowsVipLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);
    /** Lab host order: r1, r2, client; MACs are 02:00:00:00:00:0N in that order. */
    static final int CLIENT_MAC_INDEX = 3;
    /** The client pings the VIP, which a non-owner Master answers only with Accept_Mode true. */
    static final String ACCEPT = "    accept_mode: true\n";

    @BeforeAll
    static void needsLab() {
        assumeTrue(Interop.labWithTcpdump(), "needs root, iproute2 and tcpdump");
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"V3_IPV4", "V3_IPV6"})
    void gracefulStop_shouldMoveTheClientsNeighbourEntryToTheNewMaster_andBackOnPreemption(Variant v)
            throws Exception {
        follow(v, "TERM");
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"V3_IPV4", "V3_IPV6"})
    void crash_shouldMoveTheClientsNeighbourEntryToTheNewMaster_andBackOnPreemption(Variant v) throws Exception {
        follow(v, "KILL");
    }

    private void follow(Variant v, String signal) throws Exception {
        try (Routers p = Routers.of(v).withClient().build(); VrrpdNode r1 = p.vrrpd(1, 200, ACCEPT);
             VrrpdNode r2 = p.vrrpd(2, 100, ACCEPT)) {
            awaitState(r1, "MASTER", SETTLE);
            awaitState(r2, "BACKUP", SETTLE);
            p.awaitVipOnlyOn(1, SETTLE);
            p.lab.exec("client", "ping", "-c", "1", "-W", "5", v.vip());
            assertEquals(mac(1), neighbour(p, v), "client's entry after talking to the VIP");

            long since = Routers.now();
            r1.process().signal(signal);
            r1.process().waitForExit(Duration.ofSeconds(10));
            awaitState(r2, "MASTER", SETTLE);
            Duration moved = Poll.until("client's entry for the VIP -> r2's MAC", SETTLE,
                    () -> mac(2).equals(neighbour(p, v)));
            Pcap.Frame announce = firstAnnouncement(p, v, 2, since);
            Pcap.Frame advert = p.firstAdvertFrom(2, since).orElseThrow();
            System.out.printf("[%s %s] client's entry moved to r2's MAC (seen by polling after %d ms); r2's first"
                            + " %s %.1f ms after its first advert%n", v, signal, moved.toMillis(),
                    v.ipv6 ? "unsolicited NA" : "gratuitous ARP", (announce.micros() - advert.micros()) / 1000.0);
            assertClientSentNothingFor(p, v, since);

            since = Routers.now();
            r1.restart();
            awaitState(r1, "MASTER", SETTLE);
            awaitState(r2, "BACKUP", SETTLE);
            p.awaitVipOnlyOn(1, SETTLE);
            Poll.until("client's entry for the VIP -> r1's MAC again", SETTLE, () -> mac(1).equals(neighbour(p, v)));
            firstAnnouncement(p, v, 1, since);
            assertClientSentNothingFor(p, v, since);
        }
    }

    static String mac(int n) {
        return String.format("02:00:00:00:00:%02x", n);
    }

    /** The link-layer address of the client's neighbour entry for the VIP, or null without one. */
    static String neighbour(Routers p, Variant v) throws IOException {
        String out = p.lab.run("ip", "-n", p.lab.ns("client"), "neigh", "show", v.vip(), "dev", "eth0");
        List<String> f = Arrays.asList(out.trim().split("\\s+"));
        int i = f.indexOf("lladdr");
        return i >= 0 && i + 1 < f.size() ? f.get(i + 1) : null;
    }

    /**
     * The first gratuitous ARP (sender IP = VIP, sender MAC = router {@code n}'s MAC) or unsolicited NA (ICMPv6
     * type 136, target = VIP, Override flag set) from router {@code n}'s MAC at or after {@code since}.
     */
    static Pcap.Frame firstAnnouncement(Routers p, Variant v, int n, long since) {
        byte[] mac = macBytes(n);
        InetAddress vip = Interop.address(v.vip());
        return Poll.untilValue(() -> p.capture.frames().stream().filter(f -> f.micros() >= since)
                .filter(f -> Arrays.equals(mac, f.sourceMac()))
                .filter(f -> v.ipv6 ? f.icmp6Type() == 136 && vip.equals(naTarget(f)) && (f.data()[58] & 0x20) != 0
                        : f.isArp() && vip.equals(f.arpSenderIp()) && Arrays.equals(mac, arpSenderMac(f)))
                .findFirst().orElse(null), (v.ipv6 ? "unsolicited NA" : "gratuitous ARP") + " from r" + n);
    }

    /** The client neither asked for the VIP (ARP request / Neighbor Solicitation) nor sent anything else to it. */
    static void assertClientSentNothingFor(Routers p, Variant v, long since) throws IOException {
        byte[] client = macBytes(CLIENT_MAC_INDEX);
        List<Pcap.Frame> sent = p.capture.frames().stream().filter(f -> f.micros() >= since)
                .filter(f -> Arrays.equals(client, f.sourceMac())).filter(f -> f.isArp() || f.icmp6Type() == 135
                        || f.icmp6Type() == 128 || f.ipProtocol() == 1).toList();
        assertTrue(sent.isEmpty(), "the client sent " + sent.size() + " ARP/ND/ping frames after the failover");
    }

    static InetAddress naTarget(Pcap.Frame f) {
        return f.data().length >= 78 ? Interop.address(Arrays.copyOfRange(f.data(), 62, 78)) : null;
    }

    static byte[] arpSenderMac(Pcap.Frame f) {
        return Arrays.copyOfRange(f.data(), 22, 28);
    }

    static byte[] macBytes(int n) {
        return new byte[] {2, 0, 0, 0, 0, (byte) n};
    }
}
