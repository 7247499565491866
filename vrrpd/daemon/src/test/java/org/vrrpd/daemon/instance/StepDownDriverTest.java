package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.GarpConfig;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.NotifyConfig;
import org.vrrpd.config.VirtualAddress;
import org.vrrpd.daemon.loop.ManualScheduler;
import org.vrrpd.daemon.vip.FakeNeighbourTable;
import org.vrrpd.daemon.vip.VipTable;
import org.vrrpd.fsm.Event;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.net.InMemoryLan;
import org.vrrpd.net.MacAddress;
import org.vrrpd.net.netlink.FakeRtnetlink;
import org.vrrpd.net.netlink.InterfaceAddress;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.ChecksumMode;

/**
 * {@code step_down_announce} through the driver, over the in-memory LAN: a Master that steps down because a
 * higher-priority router took over announces the VIPs at that router's MAC (from its neighbour table) — a
 * gratuitous ARP per IPv4 VIP, an unsolicited NA per IPv6 VIP — and nothing of the kind when the option is off.
 * The in-memory transport records the announcement in its plain form (from the owner's MAC).
 */
class StepDownDriverTest {

    static final MacAddress R1 = MacAddress.parse("02:00:00:00:00:01");
    static final MacAddress R2 = MacAddress.parse("02:00:00:00:00:02");

    private final ManualScheduler clock = new ManualScheduler();
    private final InMemoryLan lan = new InMemoryLan();

    private record Router(InstanceDriver driver, FakeNeighbourTable neighbours, int ifindex, InetAddress own,
                          FakeRtnetlink kernel) {
    }

    private Router router(int n, int priority, boolean ipv6, boolean announce) throws Exception {
        FakeRtnetlink kernel = new FakeRtnetlink();
        kernel.addLinkByHand("lo", 65536);
        int ifindex = kernel.addLinkByHand("eth0", 1500);
        InetAddress own;
        if (ipv6) { // the fake kernels all derive the same link-local from their MAC: give each router its own
            kernel.removeAddress(kernel.ipv6LinkLocal(ifindex).orElseThrow());
            own = InetAddress.getByName("fe80::ff:fe00:" + n);
            kernel.addAddress(new InterfaceAddress(ifindex, own, 64, Optional.empty(), 253, 0));
        } else {
            own = InetAddress.getByName("192.0.2." + n);
            kernel.addAddress(new InterfaceAddress(ifindex, own, 24, Optional.empty(), 0, 0));
        }
        InMemoryLan.Host host = lan.host("r" + n, clock.asExecutor());
        host.attach("eth0", "lan", n == 1 ? R1 : R2, own);
        InstanceDriver d = new InstanceDriver(config(priority, ipv6, announce), clock, host, new VipTable(kernel),
                (x, from, to, why) -> { });
        FakeNeighbourTable neighbours = new FakeNeighbourTable();
        d.neighbourTable(neighbours);
        return new Router(d, neighbours, host.interfaceIndex("eth0"), own, kernel);
    }

    private static InstanceConfig config(int priority, boolean ipv6, boolean announce) throws Exception {
        List<VirtualAddress> vips = ipv6
                ? List.of(vip("fe80::2a", 64), vip("2001:db8::100", 64))
                : List.of(vip("192.0.2.100", 24));
        return new InstanceConfig("vi", "eth0", 42, 3, ipv6 ? AddressFamily.IPV6 : AddressFamily.IPV4, priority,
                Duration.ofMillis(100), vips, List.of(), true, Duration.ZERO, false, ChecksumMode.PSEUDO_HEADER,
                Optional.empty(), List.of(), new GarpConfig(Duration.ZERO, 1, Duration.ZERO, Duration.ZERO), true,
                List.of(), NotifyConfig.NONE, List.of(), announce);
    }

    private static VirtualAddress vip(String address, int prefix) throws Exception {
        return new VirtualAddress(InetAddress.getByName(address), prefix, Optional.empty(), Optional.empty());
    }

    /** r2 (priority 100) is Master alone; r1 (200) joins, takes over, and r2 steps down for it. */
    private Router takeOverFrom(boolean ipv6, boolean announce) throws Exception {
        // r2's neighbour table knows r1's advert source (its IPv4 address, or its IPv6 link-local)
        Router r2 = router(2, 100, ipv6, announce);
        r2.driver().start();
        clock.advance(Duration.ofSeconds(2));
        assertEquals(VrrpState.MASTER, r2.driver().state());
        Router r1 = router(1, 200, ipv6, announce);
        r2.neighbours().put(r2.ifindex(), r1.own(), R1);
        r1.driver().start();
        clock.advance(Duration.ofSeconds(2));
        assertEquals(VrrpState.MASTER, r1.driver().state());
        assertEquals(VrrpState.BACKUP, r2.driver().state(), r2.driver().counters().advertsReceived() + " received, drops "
                + r2.driver().counters().drops() + "; r1 " + r1.driver().counters().drops());
        return r2;
    }

    /** Frames r2 sent that announce {@code vip} at r1's MAC: ARP sender MAC, or the NA's target link-layer option. */
    private List<InMemoryLan.SentFrame> announcementsForR1(String vip) throws Exception {
        byte[] v = InetAddress.getByName(vip).getAddress();
        return lan.frames().stream().filter(f -> f.host().equals("r2")).filter(f -> {
            byte[] b = f.frame();
            if (v.length == 4) {
                return b.length >= 42 && Arrays.equals(R1.bytes(), Arrays.copyOfRange(b, 22, 28))
                        && Arrays.equals(v, Arrays.copyOfRange(b, 28, 32));
            }
            return b.length >= 86 && (b[54] & 0xff) == 136 && Arrays.equals(v, Arrays.copyOfRange(b, 62, 78))
                    && Arrays.equals(R1.bytes(), Arrays.copyOfRange(b, 80, 86));
        }).toList();
    }

    @Test
    void steppingDownIpv4Master_shouldSendAGratuitousArpForTheVipAtTheNewMastersMac() throws Exception {
        takeOverFrom(false, true);
        assertEquals(1, announcementsForR1("192.0.2.100").size());
    }

    @Test
    void steppingDownIpv6Master_shouldSendAnUnsolicitedNaPerVipAtTheNewMastersMac() throws Exception {
        Router r2 = takeOverFrom(true, true);
        assertEquals(1, announcementsForR1("fe80::2a").size());
        assertEquals(1, announcementsForR1("2001:db8::100").size());
        byte[] na = announcementsForR1("2001:db8::100").get(0).frame();
        assertEquals(255, na[21] & 0xff, "hop limit");
        assertEquals(0x20, na[58] & 0xff, "flags: O only");
        assertTrue(Arrays.equals(r2.own().getAddress(), Arrays.copyOfRange(na, 22, 38)),
                "from r2's own link-local");
    }

    @Test
    void steppingDown_shouldAnnounceNothingForTheNewMaster_whenStepDownAnnounceIsOff() throws Exception {
        takeOverFrom(true, false);
        assertTrue(announcementsForR1("2001:db8::100").isEmpty());
        assertTrue(announcementsForR1("fe80::2a").isEmpty());
    }

    @Test
    void steppingDown_withTheNewMastersMacUnknown_shouldAnnounceOnceTheKernelResolvesIt() throws Exception {
        Router r2 = router(2, 100, false, true);
        r2.driver().start();
        clock.advance(Duration.ofSeconds(2));
        Router r1 = router(1, 200, false, true); // a healed partition: r2 never heard r1, its MAC is not known
        r1.driver().start();
        clock.advance(Duration.ofSeconds(2));
        assertEquals(VrrpState.BACKUP, r2.driver().state());
        assertTrue(announcementsForR1("192.0.2.100").isEmpty());
        r2.neighbours().put(r2.ifindex(), r1.own(), R1); // the kernel answered the resolve request
        clock.advance(Duration.ofMillis(250));
        assertEquals(1, announcementsForR1("192.0.2.100").size());
        clock.advance(Duration.ofSeconds(5));
        assertEquals(1, announcementsForR1("192.0.2.100").size(), "once per step-down");
    }

    @Test
    void steppingDownForTheSyncGroup_shouldAnnounceAtTheMacOfTheMasterHeardNext() throws Exception {
        Router r2 = router(2, 100, true, true);
        r2.driver().start();
        clock.advance(Duration.ofSeconds(2));
        assertEquals(VrrpState.MASTER, r2.driver().state());
        r2.driver().handle(new Event.SyncBackup("sync group g: member vi4 stepped down"), "sync");
        assertEquals(VrrpState.BACKUP, r2.driver().state());
        Router r1 = router(1, 200, true, true);
        r2.neighbours().put(r2.ifindex(), r1.own(), R1);
        r1.driver().start();
        clock.advance(Duration.ofSeconds(2));
        assertEquals(VrrpState.MASTER, r1.driver().state());
        assertEquals(1, announcementsForR1("2001:db8::100").size());
        assertEquals(1, announcementsForR1("fe80::2a").size());
    }

    @Test
    void aMasterBackFromFault_shouldAnnounceAtTheMacOfTheMasterThatTookOver() throws Exception {
        Router r2 = router(2, 100, false, true);
        r2.driver().start();
        clock.advance(Duration.ofSeconds(2));
        assertEquals(VrrpState.MASTER, r2.driver().state());
        r2.driver().linkChanged(false); // a link fault; a partitioned client may still hold r2's MAC for the VIP
        assertEquals(VrrpState.FAULT, r2.driver().state());
        Router r1 = router(1, 200, false, true);
        r2.neighbours().put(r2.ifindex(), r1.own(), R1);
        r1.driver().start();
        clock.advance(Duration.ofSeconds(2));
        assertEquals(VrrpState.MASTER, r1.driver().state());
        r2.driver().linkChanged(true);
        clock.advance(Duration.ofMillis(500));
        assertEquals(VrrpState.BACKUP, r2.driver().state());
        assertEquals(1, announcementsForR1("192.0.2.100").size());
    }

    @Test
    void aRestartAfterAKilledMaster_shouldAnnounceTheVipsItRemovedAtTheMastersMac() throws Exception {
        Router r1 = router(1, 200, false, true);
        r1.driver().start();
        clock.advance(Duration.ofSeconds(2));
        Router r2 = router(2, 100, false, true);
        r2.kernel().addAddress(InterfaceAddress.vip(r2.ifindex(), InetAddress.getByName("192.0.2.100"), 24));
        r2.neighbours().put(r2.ifindex(), r1.own(), R1);
        r2.driver().start(); // removes the VIP its killed predecessor left
        clock.advance(Duration.ofMillis(500));
        assertEquals(VrrpState.BACKUP, r2.driver().state());
        assertEquals(1, announcementsForR1("192.0.2.100").size());
    }

    @Test
    void aBackupThatHeldNothing_shouldAnnounceNothing() throws Exception {
        Router r1 = router(1, 200, false, true);
        r1.driver().start();
        clock.advance(Duration.ofSeconds(2));
        Router r2 = router(2, 100, false, true);
        r2.neighbours().put(r2.ifindex(), r1.own(), R1);
        r2.driver().start();
        clock.advance(Duration.ofSeconds(5));
        assertEquals(VrrpState.BACKUP, r2.driver().state());
        assertTrue(announcementsForR1("192.0.2.100").isEmpty());
    }
}
