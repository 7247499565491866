package org.vrrpd.net;

import java.util.Objects;
import java.util.function.IntSupplier;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Checked wrappers over {@link LibC}: every failure becomes a {@link NativeException} with the call, errno and
 * {@code strerror} text, and a permission failure on a raw or packet socket names the missing capability.
 * Loaded once ({@link #load()}); tests construct it with a stub {@link LibC} and errno supplier.
 *
 * <p>Public so that subpackages (rtnetlink in {@code org.vrrpd.net.netlink}) reach native code through this one
 * chokepoint: the public methods take and return only Java values (fds, byte arrays with the C layout); methods that
 * expose jnr {@link Pointer}s stay package-private. A new call goes into {@link LibC} plus one wrapper here.
 */
public final class NativeCalls {

    // Linux constants (asm-generic / x86_64 and arm64 agree on all of these).
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_PACKET = 17;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_BINDTODEVICE = 25;
    /** SO_TIMESTAMPNS (SO_TIMESTAMPNS_OLD, 64-bit time_t on LP64): the receipt time as SCM_TIMESTAMPNS. */
    public static final int SO_TIMESTAMPNS = 35;
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IP_TOS = 1;
    public static final int IP_TTL = 2;
    public static final int IP_HDRINCL = 3;
    public static final int IP_PKTINFO = 8;
    public static final int IP_RECVTTL = 12;
    public static final int IP_MULTICAST_IF = 32;
    public static final int IP_MULTICAST_TTL = 33;
    public static final int IP_MULTICAST_LOOP = 34;
    public static final int IP_ADD_MEMBERSHIP = 35;
    public static final int IPV6_UNICAST_HOPS = 16;
    public static final int IPV6_TCLASS = 67;
    public static final int IPV6_MULTICAST_IF = 17;
    public static final int IPV6_MULTICAST_HOPS = 18;
    public static final int IPV6_MULTICAST_LOOP = 19;
    public static final int IPV6_ADD_MEMBERSHIP = 20;
    public static final int IPV6_RECVPKTINFO = 49;
    public static final int IPV6_PKTINFO = 50;
    public static final int IPV6_RECVHOPLIMIT = 51;
    public static final int IPV6_HOPLIMIT = 52;
    public static final int ETH_P_ALL = 0x0003;
    public static final int SIOCGIFHWADDR = 0x8927;
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int EPERM = 1;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;

    private static final class Holder {
        static final NativeCalls INSTANCE = create();

        private static NativeCalls create() {
            LibC libc = LibraryLoader.create(LibC.class).load("c");
            Runtime runtime = Runtime.getRuntime(libc);
            return new NativeCalls(libc, runtime::getLastError, runtime);
        }
    }

    private final LibC libc;
    private final IntSupplier errno;
    private final Runtime runtime;

    NativeCalls(LibC libc, IntSupplier errno, Runtime runtime) {
        this.libc = Objects.requireNonNull(libc);
        this.errno = Objects.requireNonNull(errno);
        this.runtime = Objects.requireNonNull(runtime);
    }

    /** The process-wide instance bound to the real C library. */
    public static NativeCalls load() {
        return Holder.INSTANCE;
    }

    /** The one libc binding of the daemon, for the rtnetlink layer's calls. */
    public LibC libc() {
        return libc;
    }

    /** errno of the calling thread's last native call. */
    public int lastErrno() {
        return errno.getAsInt();
    }

    /** Zeroed native memory, freed when unreachable. */
    Pointer allocate(int size) {
        return Memory.allocateDirect(runtime, size, true);
    }

    Pointer copyOf(byte[] bytes) {
        Pointer p = allocate(Math.max(1, bytes.length));
        p.put(0, bytes, 0, bytes.length);
        return p;
    }

    /** Opens a non-blocking, close-on-exec socket; {@code what} describes it in error messages. */
    public int socket(int domain, int type, int protocol, String what) throws NativeException {
        int fd = libc.socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            int e = errno.getAsInt();
            boolean needsRaw = type == SOCK_RAW || domain == AF_PACKET;
            String hint = needsRaw && (e == EPERM || e == EACCES)
                    ? "opening a " + what + " needs the CAP_NET_RAW capability (run as root or grant"
                      + " AmbientCapabilities=CAP_NET_RAW)"
                    : null;
            throw new NativeException("socket(" + what + ")", e, libc.strerror(e), hint);
        }
        return fd;
    }

    public void setsockopt(int fd, int level, int name, byte[] value, String what) throws NativeException {
        check(libc.setsockopt(fd, level, name, copyOf(value), value.length), "setsockopt(" + what + ")");
    }

    public void setsockoptInt(int fd, int level, int name, int value, String what) throws NativeException {
        setsockopt(fd, level, name, Structs.nativeInt(value), what);
    }

    public void bind(int fd, byte[] sockaddr, String what) throws NativeException {
        check(libc.bind(fd, copyOf(sockaddr), sockaddr.length), "bind(" + what + ")");
    }

    /** Sends one message; returns the bytes sent. */
    long sendmsg(int fd, Pointer msghdr, String what) throws NativeException {
        long n = libc.sendmsg(fd, msghdr, 0);
        if (n < 0) {
            throw error("sendmsg(" + what + ")");
        }
        return n;
    }

    /** Receives one message without blocking; returns -1 when nothing is queued (EAGAIN). */
    long recvmsg(int fd, Pointer msghdr, String what) throws NativeException {
        while (true) {
            long n = libc.recvmsg(fd, msghdr, MSG_DONTWAIT);
            if (n >= 0) {
                return n;
            }
            int e = errno.getAsInt();
            if (e == EAGAIN) {
                return -1;
            }
            if (e != EINTR) {
                throw new NativeException("recvmsg(" + what + ")", e, libc.strerror(e));
            }
        }
    }

    /**
     * Receives one datagram without blocking into {@code buffer}; returns its length, or -1 when nothing is queued.
     * When {@code sourceOut} is not null, the sender's socket address is copied into it (C layout, zero-padded).
     */
    public int receive(int fd, byte[] buffer, byte[] sourceOut, String what) throws NativeException {
        Pointer data = allocate(Math.max(1, buffer.length));
        Pointer iov = allocate(Structs.IOVEC_SIZE);
        Structs.iovec(iov, data, buffer.length);
        int nameLength = sourceOut == null ? 0 : sourceOut.length;
        Pointer name = nameLength == 0 ? null : allocate(nameLength);
        Pointer msg = allocate(Structs.MSGHDR_SIZE);
        Structs.msghdr(msg, name, nameLength, iov, null, 0);
        long n = recvmsg(fd, msg, what);
        if (n < 0) {
            return -1;
        }
        int length = (int) Math.min(n, buffer.length);
        data.get(0, buffer, 0, length);
        if (name != null) {
            name.get(0, sourceOut, 0, nameLength);
        }
        return length;
    }

    public void sendto(int fd, byte[] frame, byte[] sockaddr, String what) throws NativeException {
        // the arrays as they are (jnr-ffi passes them for the call): no native buffer made and freed per frame
        long n = libc.sendto(fd, frame, frame.length, 0, sockaddr, sockaddr.length);
        if (n < 0) {
            throw error("sendto(" + what + ")");
        }
    }

    public void close(int fd) throws NativeException {
        check(libc.close(fd), "close(" + fd + ")");
    }

    /** The interface index of {@code name}; ENODEV ("No such device") when it does not exist. */
    public int ifNameToIndex(String name) throws NativeException {
        int index = libc.if_nametoindex(name);
        if (index == 0) {
            throw error("if_nametoindex(" + name + ")");
        }
        return index;
    }

    /** The 6-byte hardware address of {@code ifName} via SIOCGIFHWADDR (honours the thread's netns). */
    public byte[] hardwareAddress(String ifName) throws NativeException {
        int fd = socket(AF_INET, SOCK_DGRAM, 0, "AF_INET, SOCK_DGRAM for SIOCGIFHWADDR");
        try {
            Pointer ifreq = allocate(Structs.IFREQ_SIZE);
            ifreq.put(0, Structs.ifName(ifName), 0, 16);
            check(libc.ioctl(fd, SIOCGIFHWADDR, ifreq), "ioctl(SIOCGIFHWADDR, " + ifName + ")");
            byte[] mac = new byte[6];
            ifreq.get(Structs.IFREQ_HWADDR_DATA_OFFSET, mac, 0, 6);
            return mac;
        } finally {
            close(fd);
        }
    }

    public int open(String path, int flags) throws NativeException {
        int fd = libc.open(path, flags);
        if (fd < 0) {
            throw error("open(" + path + ")");
        }
        return fd;
    }

    /** Moves the calling thread into the namespace {@code fd} refers to. */
    public void setns(int fd, int nstype, String what) throws NativeException {
        check(libc.setns(fd, nstype), "setns(" + what + ")");
    }

    private void check(int rc, String call) throws NativeException {
        if (rc < 0) {
            throw error(call);
        }
    }

    private NativeException error(String call) {
        int e = errno.getAsInt();
        return new NativeException(call, e, libc.strerror(e));
    }
}
