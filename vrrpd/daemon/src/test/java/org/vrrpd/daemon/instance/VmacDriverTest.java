package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.net.netlink.NetlinkConstants.IPV4_DEVCONF_ACCEPT_LOCAL;
import static org.vrrpd.net.netlink.NetlinkConstants.IPV4_DEVCONF_ARPFILTER;
import static org.vrrpd.net.netlink.NetlinkConstants.IPV4_DEVCONF_ARP_IGNORE;
import static org.vrrpd.net.netlink.NetlinkConstants.IPV4_DEVCONF_RP_FILTER;
import static org.vrrpd.net.netlink.NetlinkConstants.MACVLAN_MODE_PRIVATE;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.net.InMemoryLan;
import org.vrrpd.net.MacAddress;
import org.vrrpd.net.netlink.InterfaceAddress;
import org.vrrpd.net.netlink.Macvlan;
import org.vrrpd.net.netlink.NetlinkConstants;
import org.vrrpd.net.netlink.NetlinkException;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.ChecksumMode;

/** Instances with a virtual MAC ({@code vmac: true}) over the in-memory LAN and fake kernels. */
class VmacDriverTest {

    private static final MacAddress VMAC = MacAddress.parse("00:00:5e:00:01:2a");

    private final DriverRig rig = new DriverRig();

    private void settle() {
        rig.clock.advance(Duration.ofSeconds(2));
    }

    private DriverRig.Router router(int n, int priority) throws Exception {
        DriverRig.Router r = rig.add(n, DriverRig.config(priority, true).withVmac("vrrp.42"));
        // the LAN side of the macvlan the driver creates in its kernel (the next ifindex in both fakes)
        rig.lan.host("r" + n).attachMacvlan("vrrp.42", "eth0", VMAC);
        return r;
    }

    private static int vmacIndex(DriverRig.Router r) throws NetlinkException {
        return r.kernel.link("vrrp.42").ifindex();
    }

    private static boolean vipOn(DriverRig.Router r, int ifindex) throws NetlinkException {
        return r.kernel.addresses(OptionalInt.of(ifindex), NetlinkConstants.AF_INET).stream()
                .anyMatch(a -> a.address().getHostAddress().equals(DriverRig.VIP));
    }

    @Test
    void master_shouldHoldTheVipOnTheVmacLink_notOnItsInterface() throws Exception {
        DriverRig.Router r1 = router(1, 200);
        DriverRig.Router r2 = router(2, 100);
        r1.driver.start();
        r2.driver.start();
        settle();
        assertEquals(VrrpState.MASTER, r1.state());
        assertEquals(VrrpState.BACKUP, r2.state());
        assertTrue(vipOn(r1, vmacIndex(r1)));
        assertFalse(vipOn(r1, r1.ifindex));
        assertFalse(vipOn(r2, vmacIndex(r2)), "a Backup holds no VIP");
        assertTrue(r2.kernel.link("vrrp.42").isUp(), "the Backup keeps its vmac link");
    }

    @Test
    void createdLink_shouldBeAPrivateMacvlanOnTheParent_withTheVirtualMac_andNoLinkLocal() throws Exception {
        DriverRig.Router r1 = router(1, 200);
        r1.driver.start();
        Macvlan m = r1.kernel.macvlan(vmacIndex(r1)).orElseThrow();
        assertEquals(r1.ifindex, m.parentIfindex());
        assertTrue(Arrays.equals(VMAC.bytes(), m.mac()), m.toString());
        assertEquals(MACVLAN_MODE_PRIVATE, m.mode());
        assertEquals(List.of(), r1.kernel.addresses(OptionalInt.of(m.ifindex()), NetlinkConstants.AF_INET6));
        Map<Integer, Integer> conf = r1.kernel.ipv4DevConf(m.ifindex());
        assertEquals(1, conf.get(IPV4_DEVCONF_ARP_IGNORE));
        assertEquals(1, conf.get(IPV4_DEVCONF_ACCEPT_LOCAL));
        assertEquals(0, conf.get(IPV4_DEVCONF_RP_FILTER));
        Map<Integer, Integer> parent = r1.kernel.ipv4DevConf(r1.ifindex);
        assertEquals(1, parent.get(IPV4_DEVCONF_ARP_IGNORE));
        assertEquals(1, parent.get(IPV4_DEVCONF_ARPFILTER));
        assertEquals(2, parent.get(NetlinkConstants.IPV4_DEVCONF_ARP_ANNOUNCE));
    }

    @Test
    void master_shouldSendAdvertsFromTheVmacLink_withTheParentsPrimaryAddress() throws Exception {
        DriverRig.Router r1 = router(1, 200);
        DriverRig.Router r2 = router(2, 100);
        r1.driver.start();
        r2.driver.start();
        settle();
        List<InMemoryLan.SentPacket> fromR1 = rig.lan.packets().stream().filter(p -> p.host().equals("r1"))
                .toList();
        assertTrue(fromR1.size() > 10, fromR1.toString());
        assertTrue(fromR1.stream().allMatch(p -> p.interfaceName().equals("vrrp.42")), fromR1.toString());
        InetAddress primary = InetAddress.getByName("192.0.2.1");
        assertTrue(fromR1.stream().allMatch(p -> p.source().equals(primary)));
        assertEquals(0, r2.driver.counters().drops().size(), r2.driver.counters().drops().toString());
    }

    @Test
    void gratuitousArp_shouldLeaveFromTheVmacLink_carryingTheVirtualMac() throws Exception {
        DriverRig.Router r1 = router(1, 200);
        r1.driver.start();
        settle();
        List<InMemoryLan.SentFrame> garps = rig.lan.frames();
        assertFalse(garps.isEmpty());
        for (InMemoryLan.SentFrame f : garps) {
            assertEquals("vrrp.42", f.interfaceName());
            byte[] frame = f.frame();
            assertTrue(Arrays.equals(VMAC.bytes(), Arrays.copyOfRange(frame, 6, 12)), "Ethernet source");
            assertTrue(Arrays.equals(VMAC.bytes(), Arrays.copyOfRange(frame, 22, 28)), "ARP sender MAC");
        }
    }

    @Test
    void failover_shouldMoveTheVipToTheBackupsVmacLink() throws Exception {
        DriverRig.Router r1 = router(1, 200);
        DriverRig.Router r2 = router(2, 100);
        r1.driver.start();
        r2.driver.start();
        settle();
        r1.driver.stop();
        settle();
        assertEquals(VrrpState.MASTER, r2.state());
        assertTrue(vipOn(r2, vmacIndex(r2)));
        assertFalse(vipOn(r2, r2.ifindex));
    }

    @Test
    void stop_shouldDeleteTheLink_andRestoreTheParentsSettings() throws Exception {
        DriverRig.Router r1 = router(1, 200);
        r1.kernel.setIpv4DevConf(r1.ifindex, Map.of(IPV4_DEVCONF_ARP_IGNORE, 2, IPV4_DEVCONF_ARPFILTER, 0));
        r1.driver.start();
        settle();
        int vmac = vmacIndex(r1);
        r1.driver.stop();
        assertThrows(NetlinkException.class, () -> r1.kernel.link(vmac));
        assertTrue(r1.kernel.links().stream().noneMatch(l -> l.name().equals("vrrp.42")));
        Map<Integer, Integer> parent = r1.kernel.ipv4DevConf(r1.ifindex);
        assertEquals(2, parent.get(IPV4_DEVCONF_ARP_IGNORE));
        assertEquals(0, parent.get(IPV4_DEVCONF_ARPFILTER));
        assertEquals(0, parent.get(NetlinkConstants.IPV4_DEVCONF_ARP_ANNOUNCE));
    }

    @Test
    void parentSettings_shouldBeRestoredOnlyWhenItsLastVmacGoes() throws Exception {
        DriverRig.Router r1 = router(1, 200);
        InstanceConfig second = new InstanceConfig("v2", "eth0", 43, 3, AddressFamily.IPV4, 200,
                Duration.ofMillis(100), List.of(new org.vrrpd.config.VirtualAddress(
                        InetAddress.getByName("192.0.2.101"), 24, java.util.Optional.empty(),
                        java.util.Optional.empty())), List.of(), true, Duration.ZERO, false,
                ChecksumMode.PSEUDO_HEADER, java.util.Optional.empty(), List.of(),
                DriverRig.config(200, true).garp(), true, List.of(), org.vrrpd.config.NotifyConfig.NONE, List.of(),
                true).withVmac("vrrp.43");
        rig.lan.host("r1").attachMacvlan("vrrp.43", "eth0", MacAddress.parse("00:00:5e:00:01:2b"));
        InstanceDriver d2 = new InstanceDriver(second, rig.clock, rig.lan.host("r1"), r1.driverVips(),
                (d, from, to, why) -> { });
        r1.driver.start();
        d2.start();
        settle();
        r1.driver.stop();
        assertEquals(1, r1.kernel.ipv4DevConf(r1.ifindex).get(IPV4_DEVCONF_ARP_IGNORE), "vrrp.43 still there");
        d2.stop();
        assertEquals(0, r1.kernel.ipv4DevConf(r1.ifindex).get(IPV4_DEVCONF_ARP_IGNORE));
        assertEquals(0, r1.kernel.ipv4DevConf(r1.ifindex).get(IPV4_DEVCONF_ARPFILTER));
    }

    @Test
    void existingMacvlanWithTheVirtualMac_shouldBeAdopted() throws Exception {
        DriverRig.Router r1 = router(1, 200);
        int before = r1.kernel.createMacvlan("vrrp.42", r1.ifindex, VMAC.bytes(), MACVLAN_MODE_PRIVATE);
        r1.driver.start();
        settle();
        assertEquals(before, vmacIndex(r1));
        assertTrue(vipOn(r1, before));
    }

    @Test
    void existingLinkOfAnotherMac_shouldFailTheStart_withAClearReason() throws Exception {
        DriverRig.Router r1 = router(1, 200);
        r1.kernel.createMacvlan("vrrp.42", r1.ifindex, new byte[] {2, 0, 0, 0, 0, 9}, MACVLAN_MODE_PRIVATE);
        IOException e = assertThrows(IOException.class, r1.driver::start);
        assertTrue(e.getMessage().contains("vrrp.42 exists but is not a macvlan on eth0 with the virtual MAC"
                + " 00:00:5e:00:01:2a"), e.getMessage());
    }

    @Test
    void start_shouldRemoveStaleVipsFromTheVmacLink_andFromTheParent() throws Exception {
        DriverRig.Router r1 = router(1, 100);
        int old = r1.kernel.createMacvlan("vrrp.42", r1.ifindex, VMAC.bytes(), MACVLAN_MODE_PRIVATE);
        r1.kernel.addAddress(InterfaceAddress.vip(old, InetAddress.getByName(DriverRig.VIP), 24));
        r1.kernel.addAddress(InterfaceAddress.vip(r1.ifindex, InetAddress.getByName(DriverRig.VIP), 24));
        DriverRig.Router r2 = router(2, 200);
        r2.driver.start();
        settle();
        r1.driver.start();
        assertFalse(vipOn(r1, old));
        assertFalse(vipOn(r1, r1.ifindex));
    }

    @Test
    void vmacConfig_shouldTurnStepDownAnnounceOff() throws Exception {
        assertFalse(DriverRig.config(100, true).withVmac("vrrp.42").stepDownAnnounce());
        assertTrue(DriverRig.config(100, true).withVmac("vrrp.42").vmac());
    }

    @Test
    void parentDeletedAndBack_shouldRecreateTheVmacLinkOnTheNewParent() throws Exception {
        DriverRig.Router r1 = router(1, 200);
        r1.driver.start();
        settle();
        assertEquals(VrrpState.MASTER, r1.state());
        r1.kernel.removeLinkByHand(r1.ifindex); // the kernel deletes vrrp.42 with it
        r1.driver.linkChanged(false);
        assertTrue(r1.kernel.links().stream().noneMatch(l -> l.name().equals("vrrp.42")));
        int back = r1.kernel.addLinkByHand("eth0", 1500);
        r1.kernel.addAddress(InterfaceAddress.vip(back, InetAddress.getByName("192.0.2.1"), 24));
        r1.driver.interfaceReappeared(back);
        settle();
        assertEquals(VrrpState.MASTER, r1.state());
        Macvlan m = r1.kernel.macvlan(vmacIndex(r1)).orElseThrow();
        assertEquals(back, m.parentIfindex());
        assertTrue(vipOn(r1, m.ifindex()));
        assertFalse(vipOn(r1, back));
    }

    @Test
    void ipv6_shouldUseVrrp6WithTheIpv6VirtualMac_andCopyTheParentsLinkLocalAsAdvertSource() throws Exception {
        InstanceConfig v6 = new InstanceConfig("v6", "eth0", 42, 3, AddressFamily.IPV6, 200,
                Duration.ofMillis(100), List.of(
                        new org.vrrpd.config.VirtualAddress(InetAddress.getByName("fe80::2a"), 64,
                                java.util.Optional.empty(), java.util.Optional.empty()),
                        new org.vrrpd.config.VirtualAddress(InetAddress.getByName("2001:db8::100"), 64,
                                java.util.Optional.empty(), java.util.Optional.empty())),
                List.of(), true, Duration.ZERO, false, ChecksumMode.PSEUDO_HEADER,
                java.util.Optional.empty(), List.of(), DriverRig.config(200, true).garp(), true, List.of(),
                org.vrrpd.config.NotifyConfig.NONE, List.of(), true).withVmac("vrrp6.42");
        DriverRig.Router r1 = rig.add(1, v6);
        rig.lan.host("r1").attachMacvlan("vrrp6.42", "eth0", MacAddress.parse("00:00:5e:00:02:2a"));
        r1.driver.start();
        settle();
        assertEquals(VrrpState.MASTER, r1.state());
        int idx = r1.kernel.link("vrrp6.42").ifindex();
        assertEquals("00:00:5e:00:02:2a", r1.kernel.macvlan(idx).orElseThrow().macString());
        InetAddress parentLinkLocal = r1.driver.sourceAddress();
        assertTrue(parentLinkLocal.isLinkLocalAddress());
        List<InterfaceAddress> onVmac = r1.kernel.addresses(OptionalInt.of(idx), NetlinkConstants.AF_INET6);
        assertTrue(onVmac.stream().anyMatch(a -> a.address().equals(parentLinkLocal) && a.prefixLength() == 64
                && (a.flags() & NetlinkConstants.IFA_F_NODAD) != 0), onVmac.toString());
        assertTrue(onVmac.stream().anyMatch(a -> a.address().getHostAddress().startsWith("2001:db8:0:0:0:0:0:100")));
        assertEquals(3, onVmac.size(), "the advert source and the two VIPs, nothing derived from the MAC: " + onVmac);
        r1.driver.stop();
        assertTrue(r1.kernel.links().stream().noneMatch(l -> l.name().equals("vrrp6.42")));
    }

    @Test
    void vmacLinkDeletedByHand_shouldBeCreatedAgain_withTheVipWhileMaster() throws Exception {
        DriverRig.Router r1 = router(1, 200);
        r1.driver.start();
        settle();
        int before = vmacIndex(r1);
        r1.kernel.removeLinkByHand(before);
        r1.driver.linkRemoved(before);
        int after = vmacIndex(r1);
        assertTrue(after != before);
        assertTrue(vipOn(r1, after));
        settle();
        assertEquals(VrrpState.MASTER, r1.state());
        assertEquals(1, r1.kernel.ipv4DevConf(r1.ifindex).get(IPV4_DEVCONF_ARP_IGNORE), "parent still set up");
        r1.driver.stop();
        assertEquals(0, r1.kernel.ipv4DevConf(r1.ifindex).get(IPV4_DEVCONF_ARP_IGNORE), "restored once");
        assertTrue(r1.kernel.links().stream().noneMatch(l -> l.name().equals("vrrp.42")));
    }

    @Test
    void anotherLinkDeleted_shouldChangeNothing() throws Exception {
        DriverRig.Router r1 = router(1, 200);
        r1.driver.start();
        settle();
        int vmac = vmacIndex(r1);
        r1.driver.linkRemoved(vmac + 100);
        assertEquals(vmac, vmacIndex(r1));
    }
}
