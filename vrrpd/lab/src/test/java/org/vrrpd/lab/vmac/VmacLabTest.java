package org.vrrpd.lab.vmac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Capture;
import org.vrrpd.lab.fixture.KeepalivedNode;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.LabProcess;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.PingStats;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * Instances with a virtual MAC ({@code vmac: true}): the VIP lives on macvlan {@code vrrp.42}, adverts and
 * gratuitous ARPs carry 00:00:5e:00:01:2a on the wire, a client's neighbour entry for the VIP is that MAC and never
 * changes across failovers, a clean stop removes the link and restores the parent's ARP settings, and keepalived
 * 2.2.7 with {@code use_vmac} is a peer either way round.
 */
@Tag("lab")
class VmacLabTest {

    static final String NAME = "vi";
    static final String VIP = "192.0.2.100";
    static final String VMAC = "00:00:5e:00:01:2a";
    static final String LINK = "vrrp.42";
    static final Duration SETTLE = Duration.ofSeconds(20);
    static final int PING_MS = 50;

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    static String instance(int priority) {
        return "  - name: " + NAME + "\n    interface: eth0\n    vrid: 42\n    priority: " + priority
                + "\n    advert_interval: 100ms\n    accept_mode: true\n    vips: [" + VIP + "/24]\n    vmac: true\n"
                + "    garp_master_delay: 1s\n    garp_master_repeat: 1\n";
    }

    static boolean vipOn(Lab lab, String host) {
        try {
            return lab.hasAddress(host, LINK, VIP);
        } catch (IOException e) {
            return false; // no such link (yet)
        }
    }

    static void awaitVipOnlyOn(Lab lab, String host, String other) {
        Poll.until("VIP only on " + host + "'s " + LINK, SETTLE, () -> vipOn(lab, host) && !vipOn(lab, other));
    }

    static boolean hasLink(Lab lab, String host, String link) {
        try {
            lab.exec(host, "ip", "link", "show", "dev", link);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The client's neighbour entry for the VIP: its MAC, or "" when it has none. */
    static String neighbour(Lab lab) throws IOException {
        Matcher m = Pattern.compile("lladdr ([0-9a-f:]{17})").matcher(lab.exec("client", "ip", "neigh", "show", VIP));
        return m.find() ? m.group(1) : "";
    }

    static String mac(byte[] b) {
        return HexFormat.ofDelimiter(":").formatHex(b);
    }

    static List<Pcap.Frame> advertsFrom(Capture c, String ip) throws IOException {
        java.net.InetAddress want = java.net.InetAddress.getByName(ip);
        return c.frames().stream().filter(Pcap.Frame::isVrrp).filter(f -> f.ipSource().equals(want)).toList();
    }

    /** Pings the VIP every 50 ms and samples the client's neighbour entry; {@link #finish} measures. */
    static final class ClientWatch implements AutoCloseable {
        private final Lab lab;
        private final LabProcess ping;
        private final Set<String> macsSeen = new ConcurrentSkipListSet<>();
        private final Thread sampler;
        private volatile boolean running = true;

        ClientWatch(Lab lab, int seconds) throws IOException {
            this.lab = lab;
            this.ping = lab.spawn("client", "ping-" + System.nanoTime(), List.of("ping", "-n", "-D", "-i", "0.05",
                    "-W", "1", "-w", String.valueOf(seconds), VIP));
            this.sampler = new Thread(() -> {
                while (running) {
                    try {
                        String m = neighbour(lab);
                        if (!m.isEmpty()) {
                            macsSeen.add(m);
                        }
                        Thread.sleep(50); // sampling period, not waiting for a condition
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            }, "neigh-sampler");
            sampler.start();
        }

        /** Waits for ping to end; returns {sent, lost, longest outage ms}. */
        int[] finish(Duration max) throws InterruptedException {
            ping.waitForExit(max);
            running = false;
            sampler.join(2000);
            PingStats stats = PingStats.of(ping.logText());
            return new int[] {stats.sent(), stats.lost(), stats.longestLosses() * PING_MS};
        }

        Set<String> macsSeen() {
            return macsSeen;
        }

        @Override
        public void close() {
            running = false;
            ping.stop(Duration.ofSeconds(2));
        }
    }

    @Test
    void vrrpdPairWithVmac_shouldOwnTheVipWithTheVirtualMac_andClientsKeepItAcrossFailovers() throws Exception {
        try (Routers p = Routers.of(Variant.V3_IPV4).withClient().build();
             VrrpdNode r1 = VrrpdNode.start(p.lab, "r1", instance(200));
             VrrpdNode r2 = VrrpdNode.start(p.lab, "r2", instance(100))) {
            Lab lab = p.lab;
            Capture capture = p.capture;
            Poll.until("r1 MASTER", SETTLE, () -> "MASTER".equals(r1.state(NAME)));
            Poll.until("r2 BACKUP", SETTLE, () -> "BACKUP".equals(r2.state(NAME)));
            awaitVipOnlyOn(lab, "r1", "r2");
            // the Backup hears the Active router although both send from the same virtual MAC
            Poll.until("r2 hearing 20 adverts", SETTLE,
                    () -> r2.instance(NAME).path("counters").path("advertsReceived").asLong() >= 20);
            assertEquals("BACKUP", r2.state(NAME));
            assertEquals(0, r2.instance(NAME).path("counters").path("becameMaster").asLong(), "r2 never Active");
            assertFalse(lab.hasAddress("r1", "eth0", VIP), "the VIP is not on the parent");
            assertTrue(hasLink(lab, "r2", LINK), "the Backup keeps its vmac link");
            assertTrue(lab.exec("r1", "ip", "-d", "link", "show", "dev", LINK).contains("macvlan mode private"));
            assertTrue(lab.exec("r1", "ip", "link", "show", "dev", LINK).contains("link/ether " + VMAC));
            assertEquals("1", lab.exec("r1", "cat", "/proc/sys/net/ipv4/conf/eth0/arp_ignore").trim());
            assertEquals("1", lab.exec("r1", "cat", "/proc/sys/net/ipv4/conf/eth0/arp_filter").trim());
            assertEquals("2", lab.exec("r1", "cat", "/proc/sys/net/ipv4/conf/eth0/arp_announce").trim());
            assertEquals("", lab.exec("r1", "ip", "-6", "addr", "show", "dev", LINK).trim(), "no link-local");

            Poll.until("r1's adverts captured", SETTLE, () -> advertsFrom(capture, "192.0.2.1").size() >= 5);
            for (Pcap.Frame f : advertsFrom(capture, "192.0.2.1")) {
                assertEquals(VMAC, mac(f.sourceMac()), "Ethernet source of r1's advert");
            }
            lab.exec("client", "ping", "-c", "1", "-W", "2", VIP);
            assertEquals(VMAC, neighbour(lab), "the client's neighbour entry for the VIP");
            assertEquals(LINK, r1.instance(NAME).path("vmacInterface").asText());

            // deleted by hand while Active: created again, with the VIP
            String index = lab.exec("r1", "cat", "/sys/class/net/" + LINK + "/ifindex").trim();
            lab.exec("r1", "ip", "link", "del", "dev", LINK);
            Poll.until("VIP back on a new " + LINK, SETTLE, () -> vipOn(lab, "r1") && !index.equals(
                    lab.exec("r1", "cat", "/sys/class/net/" + LINK + "/ifindex").trim()));
            assertEquals("MASTER", r1.state(NAME));

            // graceful stop of the Master, then its return (preemption), then a crash
            String[] phases = {"graceful stop (r1 SIGTERM)", "r1 returns and preempts", "crash (r1 SIGKILL)"};
            for (int phase = 0; phase < 3; phase++) {
                try (ClientWatch watch = new ClientWatch(lab, 6)) {
                    Thread.sleep(1000); // a second of pings before the event (the baseline, not a wait for state)
                    if (phase == 0) {
                        r1.process().signal("TERM");
                        r1.process().waitForExit(Duration.ofSeconds(10));
                        awaitVipOnlyOn(lab, "r2", "r1");
                        assertFalse(hasLink(lab, "r1", LINK), "a clean stop removes the vmac link");
                        assertEquals("0", lab.exec("r1", "cat", "/proc/sys/net/ipv4/conf/eth0/arp_ignore").trim(),
                                "arp_ignore restored");
                        assertEquals("0", lab.exec("r1", "cat", "/proc/sys/net/ipv4/conf/eth0/arp_filter").trim(),
                                "arp_filter restored");
                        assertEquals("0", lab.exec("r1", "cat", "/proc/sys/net/ipv4/conf/eth0/arp_announce").trim(),
                                "arp_announce restored");
                    } else if (phase == 1) {
                        r1.restart();
                        Poll.until("r1 MASTER again", SETTLE, () -> "MASTER".equals(r1.state(NAME)));
                        awaitVipOnlyOn(lab, "r1", "r2");
                    } else {
                        r1.process().signal("KILL");
                        r1.process().waitForExit(Duration.ofSeconds(10));
                        Poll.until("r2 MASTER", SETTLE, () -> "MASTER".equals(r2.state(NAME)));
                    }
                    int[] r = watch.finish(Duration.ofSeconds(20));
                    if (phase == 2) {
                        // a killed daemon cleans nothing up: its kernel still holds the VIP on the macvlan and
                        // answers with the same MAC until the new Active router's frames move the bridge's entry
                        System.out.println("[vmac] after SIGKILL r1 still has " + LINK + " with the VIP: "
                                + vipOn(lab, "r1"));
                    }
                    System.out.printf("[vmac] %-28s pings %3d, lost %2d, longest outage %4d ms, client's MAC(s) for"
                            + " the VIP: %s%n", phases[phase], r[0], r[1], r[2], watch.macsSeen());
                    assertEquals(Set.of(VMAC), watch.macsSeen(), "the client only ever saw the virtual MAC");
                    assertTrue(r[0] > 60, "pings sent: " + r[0]);
                }
            }
            for (Pcap.Frame f : capture.frames()) {
                if (f.isArp() && f.arpSenderIp().getHostAddress().equals(VIP)) {
                    assertEquals(VMAC, mac(f.sourceMac()), "every ARP for the VIP comes from the virtual MAC");
                }
            }
        }
    }

    @Test
    void keepalivedWithUseVmac_shouldInteroperate_asBackupAndAsMaster() throws Exception {
        for (boolean vrrpdMaster : new boolean[] {true, false}) {
            try (Routers p = Routers.of(Variant.V3_IPV4).withClient().build()) {
                Lab lab = p.lab;
                Capture capture = p.capture;
                String vrrpdHost = vrrpdMaster ? "r1" : "r2";
                String kaHost = vrrpdMaster ? "r2" : "r1";
                int vrrpdPrio = vrrpdMaster ? 200 : 100;
                KeepalivedNode ka = KeepalivedNode.start(lab, kaHost, KeepalivedNode.Settings.of(NAME, 42, 3,
                        vrrpdMaster ? 100 : 200, "0.1", List.of(VIP + "/24")).withVmac());
                VrrpdNode v = VrrpdNode.start(lab, vrrpdHost, instance(vrrpdPrio));
                String master = vrrpdMaster ? vrrpdHost : kaHost;
                String backup = vrrpdMaster ? kaHost : vrrpdHost;
                Poll.until("vrrpd " + (vrrpdMaster ? "MASTER" : "BACKUP"), SETTLE,
                        () -> (vrrpdMaster ? "MASTER" : "BACKUP").equals(v.state(NAME)));
                awaitVipOnlyOn(lab, master, backup);
                String kaIp = kaHost.equals("r1") ? "192.0.2.1" : "192.0.2.2";
                Poll.until("keepalived's adverts captured", SETTLE,
                        () -> !vrrpdMaster && advertsFrom(capture, kaIp).size() >= 3 || vrrpdMaster);
                for (Pcap.Frame f : advertsFrom(capture, kaIp)) {
                    assertEquals(VMAC, mac(f.sourceMac()), "Ethernet source of keepalived's advert");
                }
                assertTrue(v.instance(NAME).path("counters").path("drops").isEmpty()
                        || v.instance(NAME).path("counters").path("drops").size() == 0,
                        () -> "vrrpd dropped adverts: " + v.instance(NAME).path("counters").path("drops"));
                lab.exec("client", "ping", "-c", "1", "-W", "2", VIP);
                String before = neighbour(lab);
                if (vrrpdMaster) {
                    assertEquals(VMAC, before);
                }
                try (ClientWatch watch = new ClientWatch(lab, 5)) {
                    Thread.sleep(1000); // baseline pings before the failover
                    if (vrrpdMaster) {
                        v.process().signal("TERM");
                        v.process().waitForExit(Duration.ofSeconds(10));
                    } else {
                        ka.process().signal("TERM");
                        ka.process().waitForExit(Duration.ofSeconds(10));
                        Poll.until("vrrpd MASTER", SETTLE, () -> "MASTER".equals(v.state(NAME)));
                    }
                    awaitVipOnlyOn(lab, backup, master);
                    int[] r = watch.finish(Duration.ofSeconds(20));
                    System.out.printf("[vmac] %-28s pings %3d, lost %2d, longest outage %4d ms, client's MAC(s) for"
                            + " the VIP: %s%n", (vrrpdMaster ? "vrrpd -> keepalived" : "keepalived -> vrrpd")
                            + " (TERM)", r[0], r[1], r[2], watch.macsSeen());
                    System.out.printf("[vmac] client's MAC for the VIP after one ping to the %s Master: %s%n",
                            vrrpdMaster ? "vrrpd" : "keepalived", before);
                    // keepalived leaves arp_announce at 0, so while it is Active its host's ARP requests for the
                    // client carry the VIP with the physical MAC; only vrrpd's side is asserted
                    if (!vrrpdMaster) {
                        assertEquals(VMAC, neighbour(lab), "after the failover to vrrpd");
                    }
                }
                v.close();
                ka.close();
            }
        }
    }

    static final String VIP6 = "2001:db8::100";
    static final String VMAC6 = "00:00:5e:00:02:2a";
    static final String LINK6 = "vrrp6.42";

    static String instance6(int priority) {
        return "  - name: " + NAME + "\n    interface: eth0\n    vrid: 42\n    priority: " + priority
                + "\n    advert_interval: 100ms\n    accept_mode: true\n    vips: [fe80::2a/64, " + VIP6 + "/64]\n"
                + "    vmac: true\n    garp_master_delay: 1s\n    garp_master_repeat: 1\n";
    }

    static boolean vip6On(Lab lab, String host) {
        try {
            return lab.hasAddress(host, LINK6, VIP6);
        } catch (IOException e) {
            return false;
        }
    }

    static String neighbour6(Lab lab) throws IOException {
        Matcher m = Pattern.compile("lladdr ([0-9a-f:]{17})").matcher(lab.exec("client", "ip", "-6", "neigh", "show",
                VIP6));
        return m.find() ? m.group(1) : "";
    }

    static String linkLocal(Lab lab, String host, String dev) throws IOException {
        Matcher m = Pattern.compile("inet6 (fe80::[0-9a-f:]+)/64").matcher(lab.exec(host, "ip", "-6", "addr", "show",
                "dev", dev, "scope", "link"));
        return m.find() ? m.group(1) : "";
    }

    @Test
    void ipv6PairWithVmac_shouldOwnTheVipWithTheIpv6VirtualMac_fromTheParentsLinkLocal() throws Exception {
        try (Lab lab = Lab.create()) {
            lab.addHost("r1", null, "2001:db8::1/64");
            lab.addHost("r2", null, "2001:db8::2/64");
            lab.addHost("client", null, "2001:db8::9/64");
            try (Capture capture = Capture.start(lab, "vmac6");
                 VrrpdNode r1 = VrrpdNode.start(lab, "r1", instance6(200));
                 VrrpdNode r2 = VrrpdNode.start(lab, "r2", instance6(100))) {
                Poll.until("r1 MASTER", SETTLE, () -> "MASTER".equals(r1.state(NAME)));
                Poll.until("VIP only on r1's " + LINK6, SETTLE, () -> vip6On(lab, "r1") && !vip6On(lab, "r2"));
                Poll.until("r2 hearing 20 adverts", SETTLE,
                        () -> r2.instance(NAME).path("counters").path("advertsReceived").asLong() >= 20);
                assertEquals("BACKUP", r2.state(NAME));
                assertEquals(0, r2.instance(NAME).path("counters").path("becameMaster").asLong(), "r2 never Active");
                assertTrue(lab.exec("r1", "ip", "link", "show", "dev", LINK6).contains("link/ether " + VMAC6));
                String ll = linkLocal(lab, "r1", "eth0");
                assertTrue(lab.exec("r1", "ip", "-6", "addr", "show", "dev", LINK6).contains("inet6 " + ll + "/64"),
                        "the macvlan carries the parent's link-local address " + ll);
                assertFalse(lab.exec("r1", "ip", "-6", "addr", "show", "dev", LINK6).contains("fe80::200:5eff"),
                        "no address derived from the virtual MAC (RFC 9568 §7.4)");
                Poll.until("r1's adverts captured", SETTLE, () -> advertsFrom(capture, ll).size() >= 5);
                for (Pcap.Frame f : advertsFrom(capture, ll)) {
                    assertEquals(VMAC6, mac(f.sourceMac()), "Ethernet source of r1's IPv6 advert");
                }
                lab.exec("client", "ping", "-6", "-c", "1", "-W", "2", VIP6);
                assertEquals(VMAC6, neighbour6(lab));
                r1.process().signal("TERM");
                r1.process().waitForExit(Duration.ofSeconds(10));
                Poll.until("VIP only on r2's " + LINK6, SETTLE, () -> vip6On(lab, "r2") && !vip6On(lab, "r1"));
                assertFalse(hasLink(lab, "r1", LINK6), "a clean stop removes the vmac link");
                lab.exec("client", "ping", "-6", "-c", "1", "-W", "2", VIP6);
                assertEquals(VMAC6, neighbour6(lab), "the client's entry after the failover");
                System.out.println("[vmac] IPv6: adverts from " + ll + " with " + VMAC6 + "; client's MAC for " + VIP6
                        + " before and after failover: " + VMAC6);
            }
        }
    }

    static boolean vip6Anywhere(Lab lab, String host) {
        try {
            return lab.exec(host, "ip", "-o", "-6", "addr", "show").contains(" " + VIP6 + "/");
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void ipv6_keepalivedWithUseVmac_shouldBeABackupThatTakesOver() throws Exception {
        try (Lab lab = Lab.create()) {
            lab.addHost("r1", null, "2001:db8::1/64");
            lab.addHost("r2", null, "2001:db8::2/64");
            lab.addHost("client", null, "2001:db8::9/64");
            try (Capture capture = Capture.start(lab, "ka6");
                 KeepalivedNode ka = KeepalivedNode.start(lab, "r2", KeepalivedNode.Settings.of(NAME, 42, 3, 100,
                         "0.1", List.of("fe80::2a/64", VIP6 + "/64")).withVmac());
                 VrrpdNode v = VrrpdNode.start(lab, "r1", instance6(200))) {
                Poll.until("vrrpd MASTER", SETTLE, () -> "MASTER".equals(v.state(NAME)));
                Poll.until("VIP only on r1", SETTLE, () -> vip6On(lab, "r1") && !vip6Anywhere(lab, "r2"));
                String vrrpdLl = linkLocal(lab, "r1", "eth0");
                Poll.until("20 adverts from vrrpd captured", SETTLE,
                        () -> advertsFrom(capture, vrrpdLl).size() >= 20);
                // keepalived, started first, was Active alone until vrrpd preempted it; from now on it must stay Backup
                int mark = ka.process().logText().length();
                int seen = advertsFrom(capture, vrrpdLl).size();
                Poll.until("20 more adverts from vrrpd", SETTLE, () -> advertsFrom(capture, vrrpdLl).size() >= seen + 20);
                assertFalse(vip6Anywhere(lab, "r2"), "keepalived stays Backup");
                assertFalse(ka.process().logText().substring(mark).contains("Entering MASTER STATE"),
                        "keepalived hears vrrpd and stays Backup");
                v.process().signal("TERM");
                v.process().waitForExit(Duration.ofSeconds(10));
                Poll.until("VIP on keepalived's side", SETTLE, () -> vip6Anywhere(lab, "r2") && !vip6On(lab, "r1"));
                String kaLl = linkLocal(lab, "r2", "eth0");
                Poll.until("keepalived's adverts captured", SETTLE, () -> advertsFrom(capture, kaLl).size() >= 3);
                for (Pcap.Frame f : advertsFrom(capture, kaLl)) {
                    assertEquals(VMAC6, mac(f.sourceMac()), "Ethernet source of keepalived's IPv6 advert");
                }
                v.restart();
                Poll.until("vrrpd preempts keepalived", SETTLE, () -> "MASTER".equals(v.state(NAME)));
                Poll.until("VIP back on r1 only", SETTLE, () -> vip6On(lab, "r1") && !vip6Anywhere(lab, "r2"));
                lab.exec("client", "ping", "-6", "-c", "1", "-W", "2", VIP6);
                assertEquals(VMAC6, neighbour6(lab));
                System.out.println("[vmac] IPv6 with keepalived use_vmac: vrrpd Active -> keepalived takes over ->"
                        + " vrrpd preempts; adverts of both from " + VMAC6);
            }
        }
    }
}
