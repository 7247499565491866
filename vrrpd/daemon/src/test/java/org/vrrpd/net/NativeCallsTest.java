package org.vrrpd.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;
import org.vrrpd.net.netlink.NetlinkConstants;
import org.vrrpd.wire.AddressFamily;

class NativeCallsTest {

    /** A C library where every call fails with one errno. */
    private static final class FailingLibC implements LibC {
        @Override public int socket(int domain, int type, int protocol) { return -1; }
        @Override public int setsockopt(int fd, int level, int optname, Pointer optval, int optlen) { return -1; }
        @Override public int bind(int fd, Pointer addr, int addrlen) { return -1; }
        @Override public long sendmsg(int fd, Pointer msghdr, int flags) { return -1; }
        @Override public long recvmsg(int fd, Pointer msghdr, int flags) { return -1; }
        @Override public long sendto(int fd, Pointer buf, long len, int flags, Pointer addr, int addrlen) { return -1; }
        @Override public int close(int fd) { return -1; }
        @Override public int if_nametoindex(String name) { return 0; }
        @Override public int ioctl(int fd, long request, Pointer arg) { return -1; }
        @Override public int open(String path, int flags) { return -1; }
        @Override public int setns(int fd, int nstype) { return -1; }
        @Override public String strerror(int errnum) { return errnum == 1 ? "Operation not permitted" : "Resource temporarily unavailable"; }
        @Override public int bind(int fd, byte[] addr, int addrlen) { return -1; }
        @Override public long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen) { return -1; }
        @Override public long recv(int fd, byte[] buf, long len, int flags) { return -1; }
        @Override public int getsockname(int fd, byte[] addr, int[] addrlen) { return -1; }
        @Override public int setsockopt(int fd, int level, int optname, byte[] optval, int optlen) { return -1; }
        @Override public int fcntl(int fd, int cmd, int arg) { return -1; }
        @Override public int poll(byte[] fds, long nfds, int timeoutMillis) { return -1; }
        @Override public int gettid() { return -1; }
        @Override public int sched_setscheduler(int pid, int policy, int[] param) { return -1; }
        @Override public int sched_getscheduler(int pid) { return -1; }
        @Override public int setpriority(int which, int who, int prio) { return -1; }
        @Override public long syscall(long number, long arg1, long arg2) { return -1; }
        @Override public int eventfd(int initval, int flags) { return -1; }
        @Override public long read(int fd, byte[] buf, long count) { return -1; }
        @Override public long write(int fd, byte[] buf, long count) { return -1; }
        @Override public int signalfd(int fd, byte[] mask, int flags) { return -1; }
        @Override public int pthread_sigmask(int how, byte[] set, byte[] oldset) { return -1; }
        @Override public int tgkill(int tgid, int tid, int sig) { return -1; }
    }

    @Test
    void afInetConstants_shouldBeTheAddressFamilyKernelNumbers() {
        // the socket and netlink constant tables keep AF_INET/AF_INET6 for the C layouts; the family is one enum
        assertEquals(AddressFamily.IPV4.kernelNumber(), NativeCalls.AF_INET);
        assertEquals(AddressFamily.IPV6.kernelNumber(), NativeCalls.AF_INET6);
        assertEquals(AddressFamily.IPV4.kernelNumber(), NetlinkConstants.AF_INET);
        assertEquals(AddressFamily.IPV6.kernelNumber(), NetlinkConstants.AF_INET6);
    }

    private static NativeCalls failingWith(int errno) {
        return new NativeCalls(new FailingLibC(), () -> errno, Runtime.getSystemRuntime());
    }

    @Test
    void rawSocket_shouldNameTheMissingCapability_whenThePermissionIsDenied() {
        NativeException e = assertThrows(NativeException.class, () -> failingWith(NativeCalls.EPERM)
                .socket(NativeCalls.AF_INET, NativeCalls.SOCK_RAW, 112, "raw IPv4 socket for VRRP on eth0"));
        assertTrue(e.getMessage().contains("CAP_NET_RAW"), e.getMessage());
        assertTrue(e.getMessage().contains("Operation not permitted"), e.getMessage());
        assertEquals(NativeCalls.EPERM, e.errno());
    }

    @Test
    void datagramSocket_shouldNotBlameCapabilities_whenItFails() {
        NativeException e = assertThrows(NativeException.class, () -> failingWith(NativeCalls.EPERM)
                .socket(NativeCalls.AF_INET, NativeCalls.SOCK_DGRAM, 0, "udp"));
        assertTrue(!e.getMessage().contains("CAP_NET_RAW"), e.getMessage());
    }

    @Test
    void recvmsg_shouldReportNothingQueued_onEagainRatherThanThrow() throws Exception {
        NativeCalls nc = failingWith(NativeCalls.EAGAIN);
        assertEquals(-1, nc.recvmsg(3, nc.allocate(Structs.MSGHDR_SIZE), "test"));
    }

    @Test
    void sendtoAndReceive_shouldExchangeDatagramsOverLoopback() throws Exception {
        NativeCalls nc = NativeCalls.load();
        Inet4Address loopback = (Inet4Address) InetAddress.getByName("127.0.0.1");
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, loopback)) {
            port = probe.getLocalPort();
        }
        try (DatagramSocket peer = new DatagramSocket(0, loopback)) {
            peer.setSoTimeout(5000);
            int fd = nc.socket(NativeCalls.AF_INET, NativeCalls.SOCK_DGRAM, 0, "udp");
            try {
                nc.bind(fd, Structs.sockaddrIn(loopback, port), "127.0.0.1:" + port);
                nc.sendto(fd, "ping".getBytes(StandardCharsets.US_ASCII),
                        Structs.sockaddrIn(loopback, peer.getLocalPort()), "to peer");
                DatagramPacket in = new DatagramPacket(new byte[16], 16);
                peer.receive(in);
                assertEquals("ping", new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII));
                assertEquals(port, in.getPort());

                byte[] pong = "pong".getBytes(StandardCharsets.US_ASCII);
                peer.send(new DatagramPacket(pong, pong.length, loopback, port));
                byte[] buffer = new byte[16];
                byte[] source = new byte[Structs.SOCKADDR_IN_SIZE];
                long deadline = System.nanoTime() + 5_000_000_000L;
                int n = -1;
                while (n < 0 && System.nanoTime() < deadline) {
                    n = nc.receive(fd, buffer, source, "from peer");
                    if (n < 0) {
                        LockSupport.parkNanos(1_000_000);
                    }
                }
                assertEquals("pong", new String(buffer, 0, n, StandardCharsets.US_ASCII));
                assertArrayEquals(Structs.sockaddrIn(loopback, peer.getLocalPort()), source);
                assertEquals(-1, nc.receive(fd, buffer, null, "nothing queued"));
            } finally {
                nc.close(fd);
            }
        }
    }

    @Test
    void realLibc_shouldCarryStrerrorText_forAMissingInterface() {
        NativeException e = assertThrows(NativeException.class,
                () -> NativeCalls.load().ifNameToIndex("vrrpdnosuch0"));
        assertEquals("No such device", e.strerror());
        assertTrue(e.getMessage().startsWith("if_nametoindex(vrrpdnosuch0): No such device"), e.getMessage());
    }
}
