package org.vrrpd.net.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.NetnsThread;
import org.vrrpd.lab.fixture.Poll;

/**
 * {@link NeighbourLookup} against the Linux kernel: two namespaces of a {@link Lab} joined directly by a veth
 * pair; the lookup runs in the first. Entries are made by hand with {@code ip neigh} or by resolving the
 * real peer. Needs root.
 */
@Tag("lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NeighbourLookupLabTest {
    private static final String IF = "eth0";
    private static final byte[] PEER_MAC = {2, 0, 0, 0, 0, 0x0b};
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private Lab lab;
    private String nsA;
    private NetnsThread thread;
    private NeighbourLookup lookup;
    private int index;

    @BeforeAll
    void createNamespaces() throws Exception {
        lab = Lab.withoutBridge();
        try {
            nsA = lab.addNamespace("a"); // DAD off before the link exists, so its link-local is usable at once
            lab.addNamespace("b");
            lab.addVeth("a", IF, "02:00:00:00:00:0a", "b", IF, "02:00:00:00:00:0b");
            lab.exec("a", "ip", "addr", "add", "192.0.2.1/24", "dev", IF);
            lab.exec("b", "ip", "addr", "add", "192.0.2.2/24", "dev", IF);
            lab.exec("a", "ip", "link", "set", IF, "up");
            lab.exec("b", "ip", "link", "set", IF, "up");
            thread = NetnsThread.enter(nsA);
            lookup = thread.call(NeighbourLookup::open);
            index = thread.call(() -> {
                try (LinuxRtnetlink r = LinuxRtnetlink.open()) {
                    return r.ifindex(IF);
                }
            });
        } catch (Exception | AssertionError e) {
            removeNamespaces();
            throw e;
        }
    }

    @AfterAll
    void removeNamespaces() throws Exception {
        try {
            if (lookup != null) {
                lookup.close();
            }
        } finally {
            if (thread != null) {
                thread.close();
            }
            lab.close();
        }
    }

    @Test
    void find_shouldBeEmpty_forAnAddressTheKernelHasNoEntryFor() throws Exception {
        assertEquals(Optional.empty(), lookup.find(index, InetAddress.getByName("192.0.2.200")));
        assertEquals(Optional.empty(), lookup.find(index, InetAddress.getByName("2001:db8::200")));
    }

    @Test
    void resolve_shouldMakeTheKernelLearnTheIpv4PeersMac() throws Exception {
        InetAddress peer = InetAddress.getByName("192.0.2.2");
        lookup.resolve(index, peer);
        Neighbour n = awaitValid(peer);
        assertArrayEquals(PEER_MAC, n.validEthernetAddress().orElseThrow());
    }

    @Test
    void resolve_shouldMakeTheKernelLearnTheIpv6LinkLocalPeersMac_scopedByTheIfindex() throws Exception {
        InetAddress peer = InetAddress.getByName("fe80::ff:fe00:b");
        lookup.resolve(index, peer);
        Neighbour n = awaitValid(peer);
        assertArrayEquals(PEER_MAC, n.validEthernetAddress().orElseThrow());
        assertTrue(lookup.neighbours(NetlinkConstants.AF_INET6, index).stream()
                .anyMatch(x -> x.address().equals(peer)), "the dump lists it too");
    }

    @Test
    void find_shouldReportStaleAndPermanentEntriesWithTheirMac_andAFailedOneWithout() throws Exception {
        lab.exec("a", "ip", "neigh", "replace", "192.0.2.77", "lladdr", "02:00:00:00:00:77", "nud", "stale", "dev", IF);
        lab.exec("a", "ip", "neigh", "replace", "2001:db8::77", "lladdr", "02:00:00:00:00:78", "nud", "permanent", "dev",
                IF);
        Neighbour stale = lookup.find(index, InetAddress.getByName("192.0.2.77")).orElseThrow();
        assertEquals(Neighbour.NUD_STALE, stale.state());
        assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 0x77}, stale.validEthernetAddress().orElseThrow());
        Neighbour permanent = lookup.find(index, InetAddress.getByName("2001:db8::77")).orElseThrow();
        assertEquals(Neighbour.NUD_PERMANENT, permanent.state());
        assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 0x78}, permanent.validEthernetAddress().orElseThrow());
        List<Neighbour> v4 = lookup.neighbours(NetlinkConstants.AF_INET, index);
        assertTrue(v4.stream().anyMatch(n -> n.address().getHostAddress().equals("192.0.2.77")), v4.toString());
        assertTrue(v4.stream().allMatch(n -> n.ifindex() == index && n.address().getAddress().length == 4));

        // nobody answers for .99: resolving leaves an entry without a usable link-layer address
        InetAddress silent = InetAddress.getByName("192.0.2.99");
        lookup.resolve(index, silent);
        Optional<Neighbour> pending = lookup.find(index, silent);
        assertTrue(pending.isPresent(), "NTF_USE created the entry");
        assertTrue(pending.get().validEthernetAddress().isEmpty(), pending.get().toString());
    }

    @Test
    void find_shouldGiveTheSameAnswerByDump_asOnAKernelWithoutGet() throws Exception {
        lab.exec("a", "ip", "neigh", "replace", "fe80::ff:fe00:55", "lladdr", "02:00:00:00:00:55", "nud", "reachable",
                "dev", IF);
        NeighbourLookup dumping = thread.call(NeighbourLookup::open);
        try {
            dumping.useDumpOnly();
            InetAddress ll = InetAddress.getByName("fe80::ff:fe00:55");
            assertEquals(lookup.find(index, ll), dumping.find(index, ll));
            assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 0x55},
                    dumping.find(index, ll).orElseThrow().validEthernetAddress().orElseThrow());
            assertEquals(Optional.empty(), dumping.find(index, InetAddress.getByName("fe80::ff:fe00:56")));
        } finally {
            dumping.close();
        }
    }

    private Neighbour awaitValid(InetAddress address) {
        Poll.until("a valid entry for " + address, DEADLINE, () -> lookup.find(index, address)
                .flatMap(Neighbour::validEthernetAddress).isPresent());
        return Poll.untilValue(() -> lookup.find(index, address).orElse(null), "the entry for " + address);
    }
}
