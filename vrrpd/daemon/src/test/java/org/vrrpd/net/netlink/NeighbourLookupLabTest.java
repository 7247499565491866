package org.vrrpd.net.netlink;

import static org.vrrpd.net.netlink.IpTool.ip;
import static org.vrrpd.net.netlink.IpTool.ipQuiet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link NeighbourLookup} against the Linux kernel: two namespaces this class creates (unique per run) joined by a
 * veth pair; the lookup runs in the first. Entries are made by hand with {@code ip neigh} or by resolving the
 * real peer. Needs root.
 */
@Tag("lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NeighbourLookupLabTest {
    private static final String IF = "eth0";
    private static final byte[] PEER_MAC = {2, 0, 0, 0, 0, 0x0b};
    private static final long DEADLINE_NANOS = 5_000_000_000L;

    private final String nsA = "vtndp" + ProcessHandle.current().pid() + "-a";
    private final String nsB = "vtndp" + ProcessHandle.current().pid() + "-b";
    private NetnsThread thread;
    private NeighbourLookup lookup;
    private int index;

    @BeforeAll
    void createNamespaces() throws Exception {
        try {
            ip("netns", "add", nsA);
            ip("netns", "add", nsB);
            for (String ns : List.of(nsA, nsB)) { // before the link exists, so its link-local is usable at once
                ip("netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0");
                ip("netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.default.accept_dad=0");
            }
            ip("-n", nsA, "link", "add", IF, "type", "veth", "peer", "name", "peer0", "netns", nsB);
            ip("-n", nsB, "link", "set", "peer0", "name", IF);
            ip("-n", nsA, "link", "set", IF, "address", "02:00:00:00:00:0a");
            ip("-n", nsB, "link", "set", IF, "address", "02:00:00:00:00:0b");
            ip("-n", nsA, "addr", "add", "192.0.2.1/24", "dev", IF);
            ip("-n", nsB, "addr", "add", "192.0.2.2/24", "dev", IF);
            ip("-n", nsA, "link", "set", IF, "up");
            ip("-n", nsB, "link", "set", IF, "up");
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
            ipQuiet("netns", "del", nsA);
            ipQuiet("netns", "del", nsB);
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
        ip("-n", nsA, "neigh", "replace", "192.0.2.77", "lladdr", "02:00:00:00:00:77", "nud", "stale", "dev", IF);
        ip("-n", nsA, "neigh", "replace", "2001:db8::77", "lladdr", "02:00:00:00:00:78", "nud", "permanent", "dev",
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
        ip("-n", nsA, "neigh", "replace", "fe80::ff:fe00:55", "lladdr", "02:00:00:00:00:55", "nud", "reachable",
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

    private Neighbour awaitValid(InetAddress address) throws Exception {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (true) {
            Optional<Neighbour> n = lookup.find(index, address);
            if (n.isPresent() && n.get().validEthernetAddress().isPresent()) {
                return n.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no valid entry for " + address + " within 5 s: " + n);
            }
            Thread.sleep(20);
        }
    }
}
