package org.vrrpd.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.wire.AddressFamily;

/**
 * The transport contract against real raw sockets: hosts A and B are network namespaces of a {@link Lab} joined
 * directly by a veth pair {@code vr0}, A = 192.0.2.1/24 + fe80::1 (MAC 02:00:00:00:00:0a), B = 192.0.2.2/24 +
 * fe80::2 (MAC 02:00:00:00:00:0b), no DAD; each transport runs on a Netty epoll loop whose thread entered its
 * namespace. The same contract runs against the in-memory LAN in the daemon's unit tests.
 */
@SuppressWarnings("try") // some endpoints are opened only to listen
@Tag("lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinuxVrrpTransportLabTest extends VrrpTransportContract {

    private Lab lab;
    private String nsA;
    private String nsB;
    private MultiThreadIoEventLoopGroup groupA;
    private MultiThreadIoEventLoopGroup groupB;
    private LinuxVrrpTransport a;
    private LinuxVrrpTransport b;
    private PacketCapture captureB;

    @BeforeAll
    void buildLab() throws Exception {
        lab = Lab.withoutBridge();
        nsA = lab.addNamespace("a");
        nsB = lab.addNamespace("b");
        lab.addVeth("a", IF, "02:00:00:00:00:0a", "b", IF, "02:00:00:00:00:0b");
        configure("a", "192.0.2.1/24", "fe80::1/64");
        configure("b", "192.0.2.2/24", "fe80::2/64");
        for (String host : new String[] {"a", "b"}) {
            Poll.until(IF + " up in " + host, Duration.ofSeconds(10),
                    () -> lab.exec(host, "ip", "-o", "link", "show", IF).contains("LOWER_UP"));
        }
        groupA = new MultiThreadIoEventLoopGroup(1, NetworkNamespaces.threadFactory(nsA),
                EpollIoHandler.newFactory());
        groupB = new MultiThreadIoEventLoopGroup(1, NetworkNamespaces.threadFactory(nsB),
                EpollIoHandler.newFactory());
        a = new LinuxVrrpTransport(groupA.next());
        b = new LinuxVrrpTransport(groupB.next());
        captureB = NetworkNamespaces.call(nsB, () -> new PacketCapture(IF));
    }

    /** No address generation (only the link-local given), the addresses without DAD, then the link up. */
    private void configure(String host, String ipv4, String linkLocal) throws IOException {
        lab.exec(host, "ip", "link", "set", IF, "addrgenmode", "none");
        lab.exec(host, "ip", "addr", "add", ipv4, "dev", IF);
        lab.exec(host, "ip", "addr", "add", linkLocal, "dev", IF, "nodad");
        lab.exec(host, "ip", "link", "set", IF, "up");
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            if (captureB != null) {
                captureB.close();
            }
            for (LinuxVrrpTransport t : new LinuxVrrpTransport[] {a, b}) {
                if (t != null) {
                    t.close();
                }
            }
            for (MultiThreadIoEventLoopGroup g : new MultiThreadIoEventLoopGroup[] {groupA, groupB}) {
                if (g != null) {
                    g.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
                }
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    @Override
    protected VrrpTransport a() {
        return a;
    }

    @Override
    protected VrrpTransport b() {
        return b;
    }

    @Override
    protected byte[] awaitFrameOnB(byte[] prefix, Duration timeout) throws Exception {
        return captureB.await(prefix, timeout);
    }

    @Test
    void receivedPackets_shouldBeHandledOnTheEventLoopThread() throws Exception {
        Inbox inboxB = new Inbox();
        try (VrrpEndpoint epA = a.open(EndpointSpec.multicast(IF, AddressFamily.IPV4), new Inbox());
             VrrpEndpoint epB = b.open(EndpointSpec.multicast(IF, AddressFamily.IPV4), inboxB)) {
            epA.send(payload("thread"), AddressFamily.IPV4.group(), A4);
            Inbox.Packet p = inboxB.poll(ARRIVAL);
            assertNotNull(p);
            assertTrue(p.thread().startsWith("netns-" + nsB), p.thread());
        }
    }

    @Test
    void gratuitousArp_shouldMakeTheOtherHostsKernelUpdateItsNeighbourEntry() throws Exception {
        String vip = "192.0.2.101";
        MacAddress vmac = MacAddress.virtualRouter(11, AddressFamily.IPV4);
        lab.exec("b", "ip", "neigh", "replace", vip, "lladdr", "02:00:00:00:00:ee", "dev", IF, "nud", "stale");
        a.sendGratuitousArp(a.interfaceIndex(IF), v4(vip), vmac);
        assertTrue(awaitNeighbour(vip, vmac), "B's kernel took the VMAC for " + vip + " from the GARP");
    }

    @Test
    void unsolicitedNa_shouldMakeTheOtherHostsKernelUpdateItsNeighbourEntry() throws Exception {
        String vip = "2001:db8::101";
        MacAddress vmac = MacAddress.virtualRouter(11, AddressFamily.IPV6);
        lab.exec("b", "ip", "neigh", "replace", vip, "lladdr", "02:00:00:00:00:ee", "dev", IF, "nud", "stale");
        a.sendUnsolicitedNa(a.interfaceIndex(IF), A6, v6(vip), vmac, true);
        assertTrue(awaitNeighbour(vip, vmac),
                "B's kernel took the VMAC for " + vip + " from the NA (so hop limit, checksum and O flag are right)");
    }

    /** Polls B's neighbour table with a deadline. */
    private boolean awaitNeighbour(String address, MacAddress mac) {
        try {
            Poll.until("B's neighbour entry for " + address + " at " + mac, ARRIVAL,
                    () -> lab.exec("b", "ip", "neigh", "show", address, "dev", IF).contains(mac.toString()));
            return true;
        } catch (AssertionError notWithinArrival) {
            return false;
        }
    }

    @Test
    void openingARawSocket_withoutCapNetRaw_shouldNameTheMissingCapability() throws Exception {
        NativeException e = NetworkNamespaces.call(nsA, () -> {
            ThreadCapabilities.dropEffective(ThreadCapabilities.CAP_NET_RAW);
            try {
                RawVrrpSocket.open(NativeCalls.load(), EndpointSpec.multicast(IF, AddressFamily.IPV4), (env, p) -> { })
                        .close();
                return null;
            } catch (NativeException denied) {
                return denied;
            }
        });
        assertNotNull(e, "a raw socket opened without CAP_NET_RAW");
        assertEquals(NativeCalls.EPERM, e.errno());
        assertTrue(e.getMessage().contains("CAP_NET_RAW"), e.getMessage());
        assertTrue(e.getMessage().contains("Operation not permitted"), e.getMessage());
    }

    @Test
    void namespaceThread_shouldSeeOnlyItsNamespacesInterfaces() throws Exception {
        int inB = NetworkNamespaces.call(nsB, () -> NativeCalls.load().ifNameToIndex(IF));
        assertEquals(inB, b.interfaceIndex(IF));
        NativeException e = assertThrows(NativeException.class,
                () -> NativeCalls.load().ifNameToIndex(IF), "vr0 exists only inside the lab namespaces");
        assertEquals("No such device", e.strerror());
    }
}
