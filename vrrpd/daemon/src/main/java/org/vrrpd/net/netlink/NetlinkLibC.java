package org.vrrpd.net.netlink;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * Exactly the libc calls the netlink layer makes, through jnr-ffi. Structures (sockaddr_nl, pollfd, int
 * options) are passed as host-order byte arrays. Callers go through {@link Checked}, which turns a -1 return
 * into a {@link NetlinkException} carrying errno and libc's strerror text. Kept in one file so it can be folded
 * into the daemon's shared native interface.
 */
public interface NetlinkLibC {

    int SOCK_RAW = 3;
    int SOCK_CLOEXEC = 0x80000;
    int SOL_SOCKET = 1;
    int SO_SNDBUF = 7;
    int SO_RCVBUF = 8;
    int SOL_NETLINK = 270;
    int NETLINK_ADD_MEMBERSHIP = 1;
    int NETLINK_CAP_ACK = 10;
    int NETLINK_EXT_ACK = 11;
    int F_GETFL = 3;
    int F_SETFL = 4;
    int O_NONBLOCK = 0x800;
    short POLLIN = 0x1;
    int MSG_DONTWAIT = 0x40;
    /** With netlink, makes recv return the datagram's real length even if the buffer was smaller. */
    int MSG_TRUNC = 0x20;

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int bind(int fd, @In byte[] addr, int addrlen);

    @SaveError
    @ssize_t
    long sendto(int fd, @In byte[] buf, @size_t long len, int flags, @In byte[] addr, int addrlen);

    @SaveError
    @ssize_t
    long recv(int fd, @Out byte[] buf, @size_t long len, int flags);

    @SaveError
    int getsockname(int fd, @Out byte[] addr, @In @Out int[] addrlen);

    @SaveError
    int setsockopt(int fd, int level, int optname, @In byte[] optval, int optlen);

    @SaveError
    int fcntl(int fd, int cmd, int arg);

    @SaveError
    int poll(@In @Out byte[] fds, long nfds, int timeoutMillis);

    @SaveError
    int close(int fd);

    String strerror(int errnum);

    /** Loads libc once and wraps every call with errno checking. */
    final class Checked {
        private static volatile Checked instance;

        private final NetlinkLibC libc;
        private final Runtime runtime;

        private Checked(NetlinkLibC libc) {
            this.libc = libc;
            this.runtime = Runtime.getRuntime(libc);
        }

        public static Checked get() {
            Checked c = instance;
            if (c == null) {
                synchronized (Checked.class) {
                    c = instance;
                    if (c == null) {
                        c = new Checked(LibraryLoader.create(NetlinkLibC.class)
                                .option(LibraryOption.LoadNow, true).load("c"));
                        instance = c;
                    }
                }
            }
            return c;
        }

        public NetlinkLibC raw() {
            return libc;
        }

        public int errno() {
            return runtime.getLastError();
        }

        public String strerror(int errno) {
            String s = libc.strerror(errno);
            return s == null ? "Unknown error " + errno : s;
        }

        public NetlinkException failure(String op, int errno) {
            return new NetlinkException(op, errno, strerror(errno));
        }

        private int check(String op, long rc) throws NetlinkException {
            if (rc < 0) {
                throw failure(op, errno());
            }
            return (int) rc;
        }

        public int socket(int domain, int type, int protocol) throws NetlinkException {
            return check("socket", libc.socket(domain, type, protocol));
        }

        public void bind(int fd, byte[] addr) throws NetlinkException {
            check("bind", libc.bind(fd, addr, addr.length));
        }

        public int sendto(int fd, byte[] buf, int len, byte[] addr) throws NetlinkException {
            return check("sendto", libc.sendto(fd, buf, len, 0, addr, addr.length));
        }

        /** recv, returning -errno instead of throwing so callers can treat EAGAIN/ENOBUFS as flow control. */
        public int recvOrErrno(int fd, byte[] buf, int flags) {
            long n = libc.recv(fd, buf, buf.length, flags);
            return n < 0 ? -errno() : (int) n;
        }

        public byte[] getsockname(int fd, int size) throws NetlinkException {
            byte[] addr = new byte[size];
            check("getsockname", libc.getsockname(fd, addr, new int[] {size}));
            return addr;
        }

        public void setsockopt(int fd, int level, int optname, byte[] optval) throws NetlinkException {
            check("setsockopt(" + level + "," + optname + ")", libc.setsockopt(fd, level, optname, optval,
                    optval.length));
        }

        public void setNonBlocking(int fd) throws NetlinkException {
            int fl = check("fcntl(F_GETFL)", libc.fcntl(fd, F_GETFL, 0));
            check("fcntl(F_SETFL)", libc.fcntl(fd, F_SETFL, fl | O_NONBLOCK));
        }

        /** poll(2) on one fd for POLLIN; true if readable before the timeout. EINTR counts as not readable. */
        public boolean pollIn(int fd, int timeoutMillis) throws NetlinkException {
            byte[] pfd = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder())
                    .putInt(fd).putShort(POLLIN).putShort((short) 0).array();
            int rc = libc.poll(pfd, 1, timeoutMillis);
            if (rc < 0) {
                int e = errno();
                if (e == NetlinkConstants.EINTR) {
                    return false;
                }
                throw failure("poll", e);
            }
            return rc > 0;
        }

        public void close(int fd) throws NetlinkException {
            check("close", libc.close(fd));
        }
    }
}
