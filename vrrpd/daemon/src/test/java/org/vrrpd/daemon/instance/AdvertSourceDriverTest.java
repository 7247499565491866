package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.GarpConfig;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.NotifyConfig;
import org.vrrpd.config.VirtualAddress;
import org.vrrpd.daemon.loop.ManualScheduler;
import org.vrrpd.daemon.vip.VipTable;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.net.InMemoryLan;
import org.vrrpd.net.MacAddress;
import org.vrrpd.net.netlink.FakeRtnetlink;
import org.vrrpd.net.netlink.InterfaceAddress;
import org.vrrpd.net.netlink.NetlinkConstants;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.ChecksumMode;

/**
 * The IPv6 advert source is the interface's own link-local address, never a link-local VIP of another instance
 * on the same interface (which moves away with its owner and would make every advert fail with EINVAL), at
 * start and after a reload; when the source leaves the interface, the instance chooses again.
 */
class AdvertSourceDriverTest {

    private static final int SCOPE_LINK = 253;

    private final ManualScheduler clock = new ManualScheduler();
    private final InMemoryLan lan = new InMemoryLan();
    private final FakeRtnetlink kernel = new FakeRtnetlink();
    private final VipTable vips = new VipTable(kernel);
    private final InetAddress own = ip("fe80::ff:fe00:1");
    private final InetAddress spare = ip("fe80::ff:fe00:9");
    private final InetAddress otherVip = ip("fe80::1:2");
    private final InstanceConfig a = config("v6a", 51, "fe80::1:1", 100);
    private final InstanceConfig b = config("v6b", 52, "fe80::1:2", 100);
    private final int eth0;
    private final InMemoryLan.Host host;

    AdvertSourceDriverTest() throws Exception {
        kernel.addLinkByHand("lo", 65536);
        eth0 = kernel.addLinkByHand("eth0", 1500);
        kernel.removeAddress(kernel.ipv6LinkLocal(eth0).orElseThrow());
        // the other instance's link-local VIP, added as vrrpd adds VIPs, is listed before our own link-local
        kernel.addAddress(InterfaceAddress.vip(eth0, otherVip, 64));
        kernel.addAddress(linkLocal(own));
        host = lan.host("r1", clock.asExecutor());
        host.attach("eth0", "lan", MacAddress.parse("02:00:00:00:00:01"), own, spare, otherVip);
    }

    @Test
    void theFirstLinkLocalOfTheInterfaceIsTheOtherInstancesVip() throws Exception {
        // what the source choice must not follow: without the managed set, the other VIP would win
        assertEquals(otherVip, kernel.ipv6LinkLocal(eth0).orElseThrow().address());
        assertEquals(otherVip, vips.sourceAddress(a, eth0), "unmanaged, a VIP is just another address");
    }

    @Test
    void anotherInstancesLinkLocalVipPresentAtStartIsNeverTheSource() throws Exception {
        vips.manage(List.of(a, b));
        InstanceDriver d = driver(a);
        d.start();
        assertEquals(own, d.sourceAddress());
        clock.advance(Duration.ofSeconds(5));
        assertEquals(VrrpState.MASTER, d.state());
        assertTrue(sentFrom(own), "adverts leave from the interface's own link-local");
        assertFalse(sentFrom(otherVip));
    }

    @Test
    void anotherInstancesLinkLocalVipIsNeverTheSourceAfterAReload() throws Exception {
        kernel.removeAddress(InterfaceAddress.vip(eth0, otherVip, 64)); // b is not there yet
        vips.manage(List.of(a));
        InstanceDriver d = driver(a);
        d.start();
        clock.advance(Duration.ofSeconds(5));
        kernel.removeAddress(linkLocal(own)); // b's VIP comes first again in the listing
        kernel.addAddress(InterfaceAddress.vip(eth0, otherVip, 64));
        kernel.addAddress(linkLocal(own));
        vips.manage(List.of(a, b)); // as the daemon does during a reload that adds b
        d.reconfigure(config("v6a", 51, "fe80::1:1", 150));
        assertEquals(own, d.sourceAddress());
    }

    @Test
    void anExcludedVipOfAnotherInstanceIsNeverTheSource() throws Exception {
        InstanceConfig withExcluded = new InstanceConfig("v6c", "eth0", 53, 3, AddressFamily.IPV6, 100,
                Duration.ofMillis(100), List.of(vip("fe80::1:3")), List.of(vip("fe80::1:2")), true, Duration.ZERO,
                false, ChecksumMode.PSEUDO_HEADER, Optional.empty(), List.of(),
                new GarpConfig(Duration.ZERO, 1, Duration.ZERO, Duration.ZERO), true, List.of(), NotifyConfig.NONE,
                List.of(), true);
        vips.manage(List.of(a, withExcluded));
        assertEquals(own, vips.sourceAddress(a, eth0));
    }

    @Test
    void whenTheSourceLeavesTheInstanceChoosesAgain() throws Exception {
        vips.manage(List.of(a, b));
        kernel.addAddress(linkLocal(spare));
        InstanceDriver d = driver(a);
        d.start();
        clock.advance(Duration.ofSeconds(5));
        kernel.removeAddress(linkLocal(own));
        d.addressRemoved(eth0, own);
        assertEquals(spare, d.sourceAddress());
        int before = lan.packets().size();
        clock.advance(Duration.ofSeconds(1));
        assertTrue(lan.packets().subList(before, lan.packets().size()).stream()
                .anyMatch(p -> p.source().equals(spare)), "adverts leave from the new source");
        assertEquals(0, d.counters().sendErrors());
    }

    @Test
    void whenTheSourceLeavesWithNoOtherTheNextAddressAddedIsTaken() throws Exception {
        vips.manage(List.of(a, b));
        InstanceDriver d = driver(a);
        d.start();
        kernel.removeAddress(linkLocal(own));
        d.addressRemoved(eth0, own);
        assertEquals(own, d.sourceAddress(), "nothing usable yet: the old source stays");
        kernel.addAddress(linkLocal(spare));
        d.addressAdded(eth0);
        assertEquals(spare, d.sourceAddress());
    }

    @Test
    void anotherAddressLeavingKeepsTheSource() throws Exception {
        vips.manage(List.of(a, b));
        InstanceDriver d = driver(a);
        d.start();
        kernel.removeAddress(InterfaceAddress.vip(eth0, otherVip, 64));
        d.addressRemoved(eth0, otherVip);
        assertEquals(own, d.sourceAddress());
    }

    @Test
    void withoutAUsableLinkLocalAtStart_theInstanceWaitsInFault_andLeavesItWhenOneAppears() throws Exception {
        vips.manage(List.of(a, b));
        kernel.removeAddress(linkLocal(own));
        kernel.addAddress(new InterfaceAddress(eth0, own, 64, Optional.empty(), SCOPE_LINK,
                NetlinkConstants.IFA_F_PERMANENT | 0x40 /* IFA_F_TENTATIVE: duplicate address detection */));
        InstanceDriver d = driver(a);
        d.start(); // the link came up a moment ago: no exception, the daemon starts
        clock.advance(Duration.ofSeconds(5));
        assertEquals(VrrpState.FAULT, d.state());
        assertEquals("interface eth0 has no usable IPv6 link-local address to send adverts from", d.faultReason());
        assertFalse(sentFrom(own));
        kernel.removeAddress(linkLocal(own));
        kernel.addAddress(linkLocal(own)); // DAD done: the kernel sends RTM_NEWADDR without the flag
        d.addressAdded(eth0);
        assertEquals(VrrpState.BACKUP, d.state());
        assertEquals(own, d.sourceAddress());
        clock.advance(Duration.ofSeconds(5));
        assertEquals(VrrpState.MASTER, d.state());
        assertTrue(sentFrom(own));
    }

    @Test
    void aReloadWhileTheInterfaceHasNoLinkLocal_shouldApply_andKeepTheSource() throws Exception {
        vips.manage(List.of(a, b));
        InstanceDriver d = driver(a);
        d.start();
        clock.advance(Duration.ofSeconds(5));
        kernel.removeAddress(linkLocal(own)); // a link flap: the link-local goes with the link
        d.reconfigure(config("v6a", 51, "fe80::1:1", 150));
        assertEquals(own, d.sourceAddress());
        assertEquals(150, d.effectivePriority());
        kernel.addAddress(linkLocal(spare));
        d.addressAdded(eth0);
        assertEquals(spare, d.sourceAddress());
    }

    private InstanceDriver driver(InstanceConfig c) {
        return new InstanceDriver(c, clock, host, vips, (x, from, to, why) -> { });
    }

    private boolean sentFrom(InetAddress source) {
        return lan.packets().stream().anyMatch(p -> p.source().equals(source));
    }

    private InterfaceAddress linkLocal(InetAddress address) {
        return new InterfaceAddress(eth0, address, 64, Optional.empty(), SCOPE_LINK, NetlinkConstants.IFA_F_PERMANENT);
    }

    private static InstanceConfig config(String name, int vrid, String vip, int priority) {
        return new InstanceConfig(name, "eth0", vrid, 3, AddressFamily.IPV6, priority, Duration.ofMillis(100),
                List.of(vip(vip)), List.of(), true, Duration.ZERO, false, ChecksumMode.PSEUDO_HEADER,
                Optional.empty(), List.of(), new GarpConfig(Duration.ZERO, 1, Duration.ZERO, Duration.ZERO), true,
                List.of(), NotifyConfig.NONE, List.of(), true);
    }

    private static VirtualAddress vip(String address) {
        return new VirtualAddress(ip(address), 64, Optional.empty(), Optional.empty());
    }

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
