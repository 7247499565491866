package org.vrrpd.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.vrrpd.wire.AddressFamily;

/**
 * The transport contract against real raw sockets: hosts A and B are network namespaces joined by a veth pair
 * ({@link NetnsLab}); each transport runs on a Netty epoll loop whose thread entered its namespace.
 */
@SuppressWarnings("try") // some endpoints are opened only to listen
@Tag("lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinuxVrrpTransportLabTest extends VrrpTransportContract {

    private NetnsLab lab;
    private MultiThreadIoEventLoopGroup groupA;
    private MultiThreadIoEventLoopGroup groupB;
    private LinuxVrrpTransport a;
    private LinuxVrrpTransport b;
    private PacketCapture captureB;

    @BeforeAll
    void buildLab() throws Exception {
        lab = new NetnsLab("vtsock" + ProcessHandle.current().pid() + "-");
        groupA = new MultiThreadIoEventLoopGroup(1, NetworkNamespaces.threadFactory(lab.nsA),
                EpollIoHandler.newFactory());
        groupB = new MultiThreadIoEventLoopGroup(1, NetworkNamespaces.threadFactory(lab.nsB),
                EpollIoHandler.newFactory());
        a = new LinuxVrrpTransport(groupA.next());
        b = new LinuxVrrpTransport(groupB.next());
        captureB = NetworkNamespaces.call(lab.nsB, () -> new PacketCapture(IF));
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
            assertTrue(p.thread().startsWith("netns-" + lab.nsB), p.thread());
        }
    }

    @Test
    void gratuitousArp_shouldMakeTheOtherHostsKernelUpdateItsNeighbourEntry() throws Exception {
        String vip = "192.0.2.101";
        MacAddress vmac = MacAddress.virtualRouter(11, AddressFamily.IPV4);
        NetnsLab.ip("-n", lab.nsB, "neigh", "replace", vip, "lladdr", "02:00:00:00:00:ee", "dev", IF, "nud", "stale");
        a.sendGratuitousArp(a.interfaceIndex(IF), v4(vip), vmac);
        assertTrue(awaitNeighbour(vip, vmac), "B's kernel took the VMAC for " + vip + " from the GARP");
    }

    @Test
    void unsolicitedNa_shouldMakeTheOtherHostsKernelUpdateItsNeighbourEntry() throws Exception {
        String vip = "2001:db8::101";
        MacAddress vmac = MacAddress.virtualRouter(11, AddressFamily.IPV6);
        NetnsLab.ip("-n", lab.nsB, "neigh", "replace", vip, "lladdr", "02:00:00:00:00:ee", "dev", IF, "nud", "stale");
        a.sendUnsolicitedNa(a.interfaceIndex(IF), A6, v6(vip), vmac, true);
        assertTrue(awaitNeighbour(vip, vmac),
                "B's kernel took the VMAC for " + vip + " from the NA (so hop limit, checksum and O flag are right)");
    }

    /** Polls B's neighbour table with a deadline. */
    private boolean awaitNeighbour(String address, MacAddress mac) throws Exception {
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        while (System.nanoTime() < deadline) {
            if (NetnsLab.ip("-n", lab.nsB, "neigh", "show", address, "dev", IF).contains(mac.toString())) {
                return true;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        return false;
    }

    @Test
    void openingARawSocket_withoutCapNetRaw_shouldNameTheMissingCapability() throws Exception {
        NativeException e = NetworkNamespaces.call(lab.nsA, () -> {
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
        int inB = NetworkNamespaces.call(lab.nsB, () -> NativeCalls.load().ifNameToIndex(IF));
        assertEquals(inB, b.interfaceIndex(IF));
        NativeException e = org.junit.jupiter.api.Assertions.assertThrows(NativeException.class,
                () -> NativeCalls.load().ifNameToIndex(IF), "vr0 exists only inside the lab namespaces");
        assertEquals("No such device", e.strerror());
    }
}
