package org.vrrpd.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;

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
    void realLibc_shouldCarryStrerrorText_forAMissingInterface() {
        NativeException e = assertThrows(NativeException.class,
                () -> NativeCalls.load().ifNameToIndex("vrrpdnosuch0"));
        assertEquals("No such device", e.strerror());
        assertTrue(e.getMessage().startsWith("if_nametoindex(vrrpdnosuch0): No such device"), e.getMessage());
    }
}
