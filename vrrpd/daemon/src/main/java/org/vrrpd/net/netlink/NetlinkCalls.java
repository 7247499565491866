package org.vrrpd.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.vrrpd.net.LibC;
import org.vrrpd.net.NativeCalls;


/**
 * The netlink layer's side of the daemon's one native chokepoint, {@link LibC}: the calls it makes
 * (socket, bind, sendto, recv, getsockname, setsockopt, fcntl, poll, close) with structures (sockaddr_nl,
 * pollfd, int options) as host-order byte arrays. Callers go through {@link Checked}, which turns a -1 return
 * into a {@link NetlinkException} carrying errno and libc's strerror text.
 */
public final class NetlinkCalls {

    private NetlinkCalls() {
    }

    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SOL_NETLINK = 270;
    static final int NETLINK_ADD_MEMBERSHIP = 1;
    static final int NETLINK_CAP_ACK = 10;
    static final int NETLINK_EXT_ACK = 11;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int O_NONBLOCK = 0x800;
    static final short POLLIN = 0x1;
    static final int MSG_DONTWAIT = 0x40;
    /** With netlink, makes recv return the datagram's real length even if the buffer was smaller. */
    static final int MSG_TRUNC = 0x20;

    /** Wraps the shared libc binding with errno checking. */
    public static final class Checked {
        private static volatile Checked instance;

        private final LibC libc;
        private final NativeCalls nativeCalls;

        private Checked(NativeCalls nativeCalls) {
            this.nativeCalls = nativeCalls;
            this.libc = nativeCalls.libc();
        }

        public static Checked get() {
            Checked c = instance;
            if (c == null) {
                synchronized (Checked.class) {
                    c = instance;
                    if (c == null) {
                        c = new Checked(NativeCalls.load());
                        instance = c;
                    }
                }
            }
            return c;
        }

        public LibC raw() {
            return libc;
        }

        public int errno() {
            return nativeCalls.lastErrno();
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
            byte[] pfd = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder())
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
