package org.vrrpd.lab.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Capture;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * Faults under a running pair (v3/IPv4, advert 100 ms, r1 priority 200, r2 100): a partition and its heal, the
 * interface deleted and re-created under the Master, and a VIP removed by hand. Each ends with exactly one VIP
 * holder and prints what it measured.
 */
@Tag("lab")
class FaultLabTest {

    static final String NAME = "vi";
    static final Variant V = Variant.V3_IPV4;
    static final Duration SETTLE = Duration.ofSeconds(20);
    static final byte[] R1_MAC = {2, 0, 0, 0, 0, 1};

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    @Test
    void partition_shouldMakeBothMaster_andHealingLeaveOneWithinAnIntervalPlusSkew_withAGarpForTheWinner()
            throws Exception {
        try (Routers p = Routers.of(V).build(); VrrpdNode r1 = p.vrrpd(1, 200, null);
             VrrpdNode r2 = p.vrrpd(2, 100, null)) {
            Lab lab = p.lab;
            Capture cap = p.capture;
            Poll.until("r1 MASTER", SETTLE, () -> "MASTER".equals(r1.state(NAME)));
            Poll.until("r2 BACKUP", SETTLE, () -> "BACKUP".equals(r2.state(NAME)));
            p.partition(true);
            Duration split = Poll.until("r2 MASTER too", SETTLE, () -> "MASTER".equals(r2.state(NAME)));
            assertEquals("MASTER", r1.state(NAME));
            assertTrue(lab.hasAddress("r1", "eth0", V.vip()) && lab.hasAddress("r2", "eth0", V.vip()),
                    "both hold the VIP while partitioned");
            long healMicros = System.currentTimeMillis() * 1000;
            p.partition(false);
            Duration back = Poll.until("r2 BACKUP again", SETTLE, Duration.ofMillis(5),
                    () -> "BACKUP".equals(r2.state(NAME)));
            p.awaitVipOnlyOn(1, SETTLE);
            List<Pcap.Frame> frames = Poll.untilValue(() -> {
                List<Pcap.Frame> f = cap.frames().stream().filter(x -> x.micros() >= healMicros).toList();
                return f.stream().anyMatch(x -> isGarpFor(x, R1_MAC)) ? f : null;
            }, "a gratuitous ARP for the VIP at r1's MAC after the heal");
            InetAddress r1Addr = V.advertSource(1);
            InetAddress r2Addr = V.advertSource(2);
            long lastR2 = frames.stream().filter(Pcap.Frame::isVrrp).filter(x -> x.ipSource().equals(r2Addr))
                    .mapToLong(Pcap.Frame::micros).max().orElse(healMicros);
            long firstR1 = frames.stream().filter(Pcap.Frame::isVrrp).filter(x -> x.ipSource().equals(r1Addr))
                    .mapToLong(Pcap.Frame::micros).min().orElse(-1);
            // r1 re-announces itself when it hears r2's lower-priority advert; when r2 hears r1 first and steps
            // down before sending again, r2 announces the VIP at r1's MAC instead (step_down_announce)
            Pcap.Frame garpFrame = frames.stream().filter(x -> isGarpFor(x, R1_MAC)).findFirst().orElseThrow();
            long garp = garpFrame.micros();
            String by = Arrays.equals(garpFrame.sourceMac(), R1_MAC) ? "r1 itself" : "r2 on r1's behalf";
            double limitMs = V.intervalMs + V.skewMs(100);
            System.out.printf("[fault] partition: r2 became MASTER %d ms after isolation; after heal: r1's first"
                    + " advert +%.1f ms, r2's last advert +%.1f ms, GARP for the VIP at r1's MAC +%.1f ms (sent by %s),"
                    + " r2 BACKUP (polled) %d ms; limit interval + skew = %.1f ms%n", split.toMillis(),
                    (firstR1 - healMicros) / 1000.0, (lastR2 - healMicros) / 1000.0, (garp - healMicros) / 1000.0, by,
                    back.toMillis(), limitMs);
            assertTrue((lastR2 - healMicros) / 1000.0 <= limitMs + 20,
                    "r2 kept advertising " + (lastR2 - healMicros) / 1000.0 + " ms after the heal");
            assertTrue(garp > lastR2 - 200_000, "r1's re-announcement comes with the heal");
        }
    }

    /** A gratuitous ARP saying the VIP is at {@code mac} (ARP sender hardware address), whoever sent it. */
    private static boolean isGarpFor(Pcap.Frame f, byte[] mac) {
        return f.isArp() && f.data().length >= 28 && Arrays.equals(Arrays.copyOfRange(f.data(), 22, 28), mac)
                && V.vip().equals(f.arpSenderIp().getHostAddress());
    }

    @Test
    void interfaceDeletedAndRecreated_shouldFaultThenReopenOnTheNewIndex_andTakeTheVipBack() throws Exception {
        try (Routers p = Routers.of(V).withoutCapture().build(); VrrpdNode r1 = p.vrrpd(1, 200, null);
             VrrpdNode r2 = p.vrrpd(2, 100, null)) {
            Lab lab = p.lab;
            Poll.until("r1 MASTER", SETTLE, () -> "MASTER".equals(r1.state(NAME)));
            Poll.until("r2 BACKUP", SETTLE, () -> "BACKUP".equals(r2.state(NAME)));
            long pid = r1.process().pid();
            String before = lab.exec("r1", "cat", "/sys/class/net/eth0/ifindex").trim();
            lab.exec("r1", "ip", "link", "del", "eth0");
            Duration fault = Poll.until("r1 FAULT", SETTLE, () -> "FAULT".equals(r1.state(NAME)));
            Duration takeover = Poll.until("r2 MASTER", SETTLE, () -> "MASTER".equals(r2.state(NAME)));
            recreate(lab);
            String after = lab.exec("r1", "cat", "/sys/class/net/eth0/ifindex").trim();
            Duration back = Poll.until("r1 MASTER again", SETTLE, () -> "MASTER".equals(r1.state(NAME)));
            p.awaitVipOnlyOn(1, SETTLE);
            Poll.until("r2 BACKUP again", SETTLE, () -> "BACKUP".equals(r2.state(NAME)));
            System.out.printf("[fault] interface re-created: ifindex %s -> %s; r1 FAULT after %d ms, r2 MASTER after"
                    + " %d ms; r1 MASTER again %d ms after the new eth0 was up; same pid %b%n", before, after,
                    fault.toMillis(), takeover.toMillis(), back.toMillis(), pid == r1.process().pid());
            assertTrue(r1.process().isAlive());
            assertTrue(!before.equals(after), "the new interface has a new index");
            assertTrue(r1.process().logText().contains("socket reopened on eth0 (index " + after + ")"),
                    "no reopen logged:\n" + r1.process().logText());
        }
    }

    /** A new veth pair for r1: eth0 (same MAC and address as before) plugged into the bridge as v1 again. */
    private static void recreate(Lab lab) throws IOException {
        String p = lab.prefix();
        lab.run("ip", "link", "add", p + "h1n", "type", "veth", "peer", "name", p + "b1n");
        lab.run("ip", "link", "set", p + "h1n", "netns", lab.ns("r1"));
        lab.run("ip", "link", "set", p + "b1n", "netns", lab.ns("lan"));
        lab.exec("r1", "ip", "link", "set", p + "h1n", "name", "eth0");
        lab.exec("r1", "ip", "link", "set", "eth0", "address", "02:00:00:00:00:01");
        lab.exec("lan", "ip", "link", "set", p + "b1n", "name", "v1");
        lab.exec("lan", "ip", "link", "set", "v1", "master", "br0");
        lab.exec("lan", "ip", "link", "set", "v1", "up");
        lab.exec("r1", "ip", "addr", "add", V.hostCidr(1), "dev", "eth0");
        lab.exec("r1", "ip", "link", "set", "eth0", "up");
    }

    @Test
    void vipRemovedByHandFromTheMaster_shouldBeRestored() throws Exception {
        try (Routers p = Routers.of(V).withoutCapture().build(); VrrpdNode r1 = p.vrrpd(1, 200, null);
             VrrpdNode r2 = p.vrrpd(2, 100, null)) {
            Lab lab = p.lab;
            Poll.until("r1 MASTER", SETTLE, () -> "MASTER".equals(r1.state(NAME)));
            Poll.until("r2 BACKUP", SETTLE, () -> "BACKUP".equals(r2.state(NAME)));
            p.awaitVipOnlyOn(1, SETTLE);
            lab.exec("r1", "ip", "addr", "del", V.vipCidr(), "dev", "eth0");
            Duration restored = Poll.until("VIP back on r1", SETTLE, Duration.ofMillis(5),
                    () -> lab.hasAddress("r1", "eth0", V.vip()));
            long count = r1.instance(NAME).path("counters").path("vipRestored").asLong();
            System.out.printf("[fault] VIP removed by hand: restored within %d ms (vipRestored %d), r1 %s, r2 %s%n",
                    restored.toMillis(), count, r1.state(NAME), r2.state(NAME));
            assertTrue(count >= 1);
            assertEquals("MASTER", r1.state(NAME));
            p.awaitVipOnlyOn(1, SETTLE);
        }
    }
}
