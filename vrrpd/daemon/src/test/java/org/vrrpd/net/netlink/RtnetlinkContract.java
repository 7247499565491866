package org.vrrpd.net.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.vrrpd.net.netlink.NetlinkConstants.*;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One behaviour-named test set for {@link Rtnetlink}, run against the in-memory fake and against Linux in a
 * network namespace. Subclasses provide the implementation, one test interface (up, running, with an IPv6
 * link-local address and no other addresses) and the "by hand" actions an operator could take.
 */
abstract class RtnetlinkContract {
    static final Duration EVENT_DEADLINE = Duration.ofSeconds(5);

    protected abstract Rtnetlink rtnetlink();

    protected abstract int ifindex();

    protected abstract String ifname();

    /** Like {@code ip link set dev IF up|down}. */
    protected abstract void setLinkUpByHand(boolean up) throws Exception;

    /** Like {@code ip addr del ADDR/PREFIX dev IF}. */
    protected abstract void removeAddressByHand(InterfaceAddress a) throws Exception;

    private final List<InterfaceAddress> added = new ArrayList<>();

    @AfterEach
    void restoreInterface() throws Exception {
        setLinkUpByHand(true);
        for (InterfaceAddress a : added) {
            rtnetlink().removeAddress(a);
        }
        added.clear();
    }

    InterfaceAddress v4(String addr, int prefix) throws UnknownHostException {
        return track(InterfaceAddress.vip(ifindex(), InetAddress.getByName(addr), prefix));
    }

    InterfaceAddress v6(String addr, int prefix) throws UnknownHostException {
        return track(InterfaceAddress.vip(ifindex(), InetAddress.getByName(addr), prefix));
    }

    private InterfaceAddress track(InterfaceAddress a) {
        added.add(a);
        return a;
    }

    Optional<InterfaceAddress> listed(InterfaceAddress a) throws NetlinkException {
        return rtnetlink().addresses(OptionalInt.of(a.ifindex()), a.family()).stream()
                .filter(x -> x.sameAddress(a)).findFirst();
    }

    static NetlinkEvent awaitEvent(NetlinkSubscription sub, Predicate<NetlinkEvent> wanted) throws Exception {
        long deadline = System.nanoTime() + EVENT_DEADLINE.toNanos();
        List<NetlinkEvent> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            for (NetlinkEvent e : sub.poll(Duration.ofMillis(200))) {
                if (wanted.test(e)) {
                    return e;
                }
                seen.add(e);
            }
        }
        return fail("expected event not delivered within " + EVENT_DEADLINE + "; saw " + seen);
    }

    @Test
    void addAddress_thenAddresses_listsIpv4Address() throws Exception {
        InterfaceAddress a = v4("192.0.2.10", 24);
        assertTrue(rtnetlink().addAddress(a));
        assertTrue(listed(a).isPresent(), () -> "not listed: " + a);
    }

    @Test
    void addAddress_thenAddresses_listsIpv6AddressWithNodad() throws Exception {
        InterfaceAddress a = v6("2001:db8::10", 64);
        assertTrue(rtnetlink().addAddress(a));
        InterfaceAddress got = listed(a).orElseThrow(() -> new AssertionError("not listed: " + a));
        assertEquals(IFA_F_NODAD, got.flags() & IFA_F_NODAD, "IFA_F_NODAD in " + got);
    }

    @Test
    void addAddress_twice_isIdempotentAndReportsNoChange() throws Exception {
        InterfaceAddress a = v4("192.0.2.11", 24);
        assertTrue(rtnetlink().addAddress(a));
        assertFalse(rtnetlink().addAddress(a));
        assertEquals(1, rtnetlink().addresses(ifindex()).stream().filter(x -> x.sameAddress(a)).count());
    }

    @Test
    void addAddress_ipv6SameAddressOtherPrefix_reportsNoChange() throws Exception {
        InterfaceAddress a = v6("2001:db8::16", 64);
        InterfaceAddress wider = v6("2001:db8::16", 48);
        assertTrue(rtnetlink().addAddress(a));
        assertFalse(rtnetlink().addAddress(wider));
        assertEquals(List.of(64), rtnetlink().addresses(OptionalInt.of(ifindex()), AF_INET6).stream()
                .filter(x -> x.address().equals(a.address())).map(InterfaceAddress::prefixLength).toList());
    }

    @Test
    void addAddress_ipv4SameAddressOtherPrefix_isASecondEntry() throws Exception {
        InterfaceAddress a = v4("192.0.2.17", 24);
        InterfaceAddress host = v4("192.0.2.17", 32);
        assertTrue(rtnetlink().addAddress(a));
        assertTrue(rtnetlink().addAddress(host));
        assertTrue(listed(a).isPresent() && listed(host).isPresent());
    }

    @Test
    void addAddress_withHostScope_listsThatScope() throws Exception {
        InterfaceAddress a = v4("192.0.2.18", 32).withScope(RT_SCOPE_HOST);
        added.add(a);
        rtnetlink().addAddress(a);
        assertEquals(RT_SCOPE_HOST, listed(a).orElseThrow().scope());
    }

    @Test
    void addresses_filteredByFamily_returnOnlyThatFamily() throws Exception {
        rtnetlink().addAddress(v4("192.0.2.19", 24));
        rtnetlink().addAddress(v6("2001:db8::19", 64));
        List<InterfaceAddress> v6only = rtnetlink().addresses(OptionalInt.of(ifindex()), AF_INET6);
        List<InterfaceAddress> v4only = rtnetlink().addresses(OptionalInt.of(ifindex()), AF_INET);
        assertTrue(v6only.stream().allMatch(x -> x.family() == AF_INET6) && v6only.size() >= 2, v6only::toString);
        assertTrue(v4only.stream().allMatch(x -> x.family() == AF_INET) && v4only.size() == 1, v4only::toString);
        assertTrue(rtnetlink().addresses(OptionalInt.empty(), AF_UNSPEC).containsAll(v4only));
    }

    @Test
    void removeAddress_restoresPreviousAddressList() throws Exception {
        List<InterfaceAddress> before = rtnetlink().addresses(ifindex());
        InterfaceAddress a = v4("192.0.2.12", 24);
        InterfaceAddress b = v6("2001:db8::12", 64);
        rtnetlink().addAddress(a);
        rtnetlink().addAddress(b);
        assertTrue(rtnetlink().removeAddress(a));
        assertTrue(rtnetlink().removeAddress(b));
        assertEquals(before, rtnetlink().addresses(ifindex()));
    }

    @Test
    void removeAddress_whenAbsent_returnsFalse() throws Exception {
        assertFalse(rtnetlink().removeAddress(v4("192.0.2.13", 24)));
        assertFalse(rtnetlink().removeAddress(v6("2001:db8::13", 64)));
    }

    @Test
    void addAddress_withLabel_showsLabelInListing() throws Exception {
        InterfaceAddress a = v4("192.0.2.14", 24).withLabel(ifname() + ":vip");
        added.add(a);
        rtnetlink().addAddress(a);
        assertEquals(Optional.of(ifname() + ":vip"), listed(a).orElseThrow().label());
    }

    @Test
    void addAddress_withLabelNotStartingWithInterfaceName_failsWithEinval() throws Exception {
        InterfaceAddress a = v4("192.0.2.15", 24).withLabel("other:vip");
        NetlinkException e = assertThrows(NetlinkException.class, () -> rtnetlink().addAddress(a));
        assertEquals(EINVAL, e.errno());
        assertTrue(e.getMessage().contains("Invalid argument"), e.getMessage());
        assertTrue(listed(a).isEmpty());
    }

    @Test
    void primaryIpv4_isTheFirstAddressOfTheSubnet_notTheSecondary() throws Exception {
        InterfaceAddress first = v4("192.0.2.20", 24);
        InterfaceAddress second = v4("192.0.2.21", 24);
        rtnetlink().addAddress(first);
        rtnetlink().addAddress(second);
        assertTrue(rtnetlink().primaryIpv4(ifindex()).orElseThrow().sameAddress(first));
        assertTrue(listed(second).orElseThrow().isSecondary());
    }

    /** Waits (woken by events, never sleeping) until the interface has a usable link-local address. */
    static InterfaceAddress awaitLinkLocal(Rtnetlink rtnl, int ifindex) throws Exception {
        long deadline = System.nanoTime() + EVENT_DEADLINE.toNanos();
        try (NetlinkSubscription sub = rtnl.subscribe()) {
            while (System.nanoTime() < deadline) {
                Optional<InterfaceAddress> ll = rtnl.ipv6LinkLocal(ifindex);
                if (ll.isPresent()) {
                    return ll.get();
                }
                sub.poll(Duration.ofMillis(200));
            }
        }
        return fail("no usable IPv6 link-local address on ifindex " + ifindex + " within " + EVENT_DEADLINE);
    }

    @Test
    void ipv6LinkLocal_isReportedForAnUpInterface() throws Exception {
        InterfaceAddress ll = awaitLinkLocal(rtnetlink(), ifindex());
        assertTrue(ll.address().isLinkLocalAddress(), ll.toString());
        assertEquals(RT_SCOPE_LINK, ll.scope());
    }

    @Test
    void link_byIndexAndByName_describeTheSameUpRunningInterface() throws Exception {
        Link byIndex = rtnetlink().link(ifindex());
        Link byName = rtnetlink().link(ifname());
        assertEquals(byIndex, byName);
        assertEquals(ifname(), byIndex.name());
        assertEquals(ifindex(), rtnetlink().ifindex(ifname()));
        assertTrue(byIndex.isUp() && byIndex.isRunning(), byIndex.toString());
        assertEquals(6, byIndex.mac().length);
        assertTrue(byIndex.mtu() >= 1280, byIndex.toString());
        assertTrue(rtnetlink().links().contains(byIndex));
    }

    @Test
    void addAddress_deliversAddressAddedEvent() throws Exception {
        try (NetlinkSubscription sub = rtnetlink().subscribe()) {
            InterfaceAddress a = v4("192.0.2.30", 24);
            rtnetlink().addAddress(a);
            awaitEvent(sub, e -> e instanceof NetlinkEvent.AddressAdded aa && aa.address().sameAddress(a));
        }
    }

    @Test
    void linkSetDownByHand_deliversLinkChangedDown() throws Exception {
        try (NetlinkSubscription sub = rtnetlink().subscribe()) {
            setLinkUpByHand(false);
            NetlinkEvent e = awaitEvent(sub, x -> x instanceof NetlinkEvent.LinkChanged lc
                    && lc.ifindex() == ifindex() && !lc.up());
            assertFalse(((NetlinkEvent.LinkChanged) e).running());
            assertEquals(ifname(), ((NetlinkEvent.LinkChanged) e).name());
        }
        assertFalse(rtnetlink().link(ifindex()).isUp());
    }

    @Test
    void linkSetDown_flushesIpv6Addresses_butKeepsIpv4() throws Exception {
        InterfaceAddress a4 = v4("192.0.2.31", 24);
        InterfaceAddress a6 = v6("2001:db8::31", 64);
        rtnetlink().addAddress(a4);
        rtnetlink().addAddress(a6);
        try (NetlinkSubscription sub = rtnetlink().subscribe()) {
            setLinkUpByHand(false);
            awaitEvent(sub, e -> e instanceof NetlinkEvent.AddressRemoved r && r.address().equals(a6.address()));
        }
        assertTrue(listed(a4).isPresent());
        assertTrue(listed(a6).isEmpty());
    }

    @Test
    void addressRemovedByHand_deliversAddressRemoved() throws Exception {
        InterfaceAddress a = v6("2001:db8::32", 64);
        rtnetlink().addAddress(a);
        try (NetlinkSubscription sub = rtnetlink().subscribe()) {
            removeAddressByHand(a);
            NetlinkEvent e = awaitEvent(sub, x -> x instanceof NetlinkEvent.AddressRemoved);
            assertEquals(new NetlinkEvent.AddressRemoved(ifindex(), a.address(), 64), e);
        }
    }

    @Test
    void unknownIfindex_failsWithNoSuchDevice() throws Exception {
        int missing = 999_999;
        InterfaceAddress a = InterfaceAddress.vip(missing, InetAddress.getByName("192.0.2.40"), 24);
        NetlinkException add = assertThrows(NetlinkException.class, () -> rtnetlink().addAddress(a));
        assertEquals(ENODEV, add.errno());
        assertTrue(add.getMessage().contains("No such device"), add.getMessage());
        assertTrue(add.getMessage().contains("999999"), add.getMessage());
        NetlinkException remove = assertThrows(NetlinkException.class, () -> rtnetlink().removeAddress(a));
        assertEquals(ENODEV, remove.errno());
        NetlinkException get = assertThrows(NetlinkException.class, () -> rtnetlink().link(missing));
        assertEquals(ENODEV, get.errno());
        NetlinkException byName = assertThrows(NetlinkException.class, () -> rtnetlink().link("nosuchif0"));
        assertEquals(ENODEV, byName.errno());
    }

    // ------------------------------------------------------------ an address added in two halves (a takeover)

    @Test
    void beginAddAddress_hasTheAddressListedBeforeTheFinish_whichReportsIt() throws Exception {
        InterfaceAddress a = v4("192.0.2.41", 24);
        InterfaceAddress b = v6("2001:db8::41", 64);
        int first = rtnetlink().beginAddAddress(a);
        int second = rtnetlink().beginAddAddress(b);
        assertTrue(listed(a).isPresent(), () -> "not listed before its finish: " + a); // a request in between
        assertTrue(listed(b).isPresent(), () -> "not listed before its finish: " + b);
        assertTrue(rtnetlink().finishAddAddress(second));
        assertTrue(rtnetlink().finishAddAddress(first));
        assertThrows(NetlinkException.class, () -> rtnetlink().finishAddAddress(first)); // one finish per ticket
    }

    @Test
    void beginAddAddress_ofAnAddressThere_finishesWithNoChange() throws Exception {
        InterfaceAddress a = v4("192.0.2.42", 24);
        assertTrue(rtnetlink().addAddress(a));
        assertFalse(rtnetlink().finishAddAddress(rtnetlink().beginAddAddress(a)));
    }

    @Test
    void beginAddAddress_failures_areTheFinishs_exceptABadLabel() throws Exception {
        InterfaceAddress missing = InterfaceAddress.vip(999_999, InetAddress.getByName("192.0.2.43"), 24);
        int ticket = rtnetlink().beginAddAddress(missing);
        NetlinkException e = assertThrows(NetlinkException.class, () -> rtnetlink().finishAddAddress(ticket));
        assertEquals(ENODEV, e.errno());
        assertTrue(e.getMessage().contains("192.0.2.43/24") && e.getMessage().contains("999999"), e.getMessage());
        InterfaceAddress labelled = v4("192.0.2.44", 24).withLabel("other:vip");
        assertEquals(EINVAL, assertThrows(NetlinkException.class,
                () -> rtnetlink().beginAddAddress(labelled)).errno());
        assertTrue(listed(labelled).isEmpty());
    }

    // ------------------------------------------------------------ links for a VRRP virtual MAC (macvlan)

    static final byte[] VMAC = {0x00, 0x00, 0x5e, 0x00, 0x01, 0x2a};

    private final List<String> createdLinks = new ArrayList<>();

    @AfterEach
    void deleteCreatedLinks() throws Exception {
        for (String name : createdLinks) {
            try {
                rtnetlink().deleteLink(rtnetlink().ifindex(name));
            } catch (NetlinkException e) {
                // already gone
            }
        }
        createdLinks.clear();
    }

    int macvlan(String name) throws NetlinkException {
        createdLinks.add(name);
        return rtnetlink().createMacvlan(name, ifindex(), VMAC, MACVLAN_MODE_PRIVATE);
    }

    @Test
    void createMacvlan_shouldMakeADownLinkOnTheParent_withTheGivenMacAndMode() throws Exception {
        int idx = macvlan("vrrp.42");
        Link l = rtnetlink().link("vrrp.42");
        assertEquals(idx, l.ifindex());
        assertFalse(l.isUp(), l.toString());
        Macvlan m = rtnetlink().macvlan(idx).orElseThrow(() -> new AssertionError("not a macvlan: " + l));
        assertEquals(new Macvlan(idx, "vrrp.42", ifindex(), VMAC, MACVLAN_MODE_PRIVATE), m);
        assertTrue(rtnetlink().macvlan(ifindex()).isEmpty(), "the parent is no macvlan");
    }

    @Test
    void createMacvlan_withATakenName_failsWithEexist() throws Exception {
        macvlan("vrrp.43");
        NetlinkException e = assertThrows(NetlinkException.class,
                () -> rtnetlink().createMacvlan("vrrp.43", ifindex(), VMAC, MACVLAN_MODE_PRIVATE));
        assertEquals(EEXIST, e.errno(), e.getMessage());
    }

    @Test
    void createMacvlan_withANameOver15Bytes_failsWithEinval_andCreatesNothing() throws Exception {
        NetlinkException e = assertThrows(NetlinkException.class,
                () -> rtnetlink().createMacvlan("vrrp.0123456789ab", ifindex(), VMAC, MACVLAN_MODE_PRIVATE));
        assertEquals(EINVAL, e.errno(), e.getMessage());
        assertTrue(rtnetlink().links().stream().noneMatch(l -> l.name().startsWith("vrrp.0123")));
    }

    @Test
    void deleteLink_shouldRemoveIt_andDeletingAgainReportsNoChange() throws Exception {
        int idx = macvlan("vrrp.44");
        assertTrue(rtnetlink().deleteLink(idx));
        NetlinkException gone = assertThrows(NetlinkException.class, () -> rtnetlink().link(idx));
        assertEquals(ENODEV, gone.errno());
        assertFalse(rtnetlink().deleteLink(idx));
    }

    @Test
    void addrGenModeNone_shouldLeaveTheLinkWithoutLinkLocal_whenItComesUp() throws Exception {
        int idx = macvlan("vrrp.45");
        rtnetlink().setIpv6AddrGenMode(idx, IN6_ADDR_GEN_MODE_NONE);
        rtnetlink().setLinkUp(idx, true);
        assertTrue(rtnetlink().link(idx).isUp());
        assertEquals(List.of(), rtnetlink().addresses(OptionalInt.of(idx), AF_INET6));
    }

    @Test
    void ipv4DevConf_shouldReadBackWhatWasSet() throws Exception {
        int idx = macvlan("vrrp.46");
        rtnetlink().setIpv4DevConf(idx, java.util.Map.of(IPV4_DEVCONF_ARP_IGNORE, 1, IPV4_DEVCONF_ACCEPT_LOCAL, 1,
                IPV4_DEVCONF_RP_FILTER, 0, IPV4_DEVCONF_PROMOTE_SECONDARIES, 1));
        java.util.Map<Integer, Integer> conf = rtnetlink().ipv4DevConf(idx);
        assertEquals(1, conf.get(IPV4_DEVCONF_ARP_IGNORE));
        assertEquals(1, conf.get(IPV4_DEVCONF_ACCEPT_LOCAL));
        assertEquals(0, conf.get(IPV4_DEVCONF_RP_FILTER));
        assertEquals(1, conf.get(IPV4_DEVCONF_PROMOTE_SECONDARIES));
        rtnetlink().setIpv4DevConf(idx, java.util.Map.of(IPV4_DEVCONF_ARP_IGNORE, 2));
        assertEquals(2, rtnetlink().ipv4DevConf(idx).get(IPV4_DEVCONF_ARP_IGNORE));
    }

    @Test
    void linkOps_onAnUnknownIfindex_failWithNoSuchDevice() {
        int missing = 999_998;
        assertEquals(ENODEV, assertThrows(NetlinkException.class, () -> rtnetlink().macvlan(missing)).errno());
        assertEquals(ENODEV, assertThrows(NetlinkException.class,
                () -> rtnetlink().setLinkUp(missing, true)).errno());
        assertEquals(ENODEV, assertThrows(NetlinkException.class, () -> rtnetlink().ipv4DevConf(missing)).errno());
        assertEquals(ENODEV, assertThrows(NetlinkException.class,
                () -> rtnetlink().createMacvlan("vrrp.47", missing, VMAC, MACVLAN_MODE_PRIVATE)).errno());
    }
}
