package org.vrrpd.daemon.pidfd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.vrrpd.net.LibC;
import org.vrrpd.net.NativeCalls;
import org.vrrpd.net.NativeException;

/** {@link PidfdCalls} on the daemon's one libc binding ({@link NativeCalls}). */
final class LinuxPidfdCalls implements PidfdCalls {

    /** {@code __NR_pidfd_open}: the same on x86_64 and arm64 (the unified syscall table since Linux 5.1). */
    static final long SYS_PIDFD_OPEN = 434;
    private static final int EFD_NONBLOCK = 0x800;
    private static final int EFD_CLOEXEC = 0x80000;
    private static final short POLLIN = 0x1;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;

    private final NativeCalls calls = NativeCalls.load();
    private final LibC libc = calls.libc();

    @Override
    public int pidfdOpen(long pid) throws NativeException {
        long fd = libc.syscall(SYS_PIDFD_OPEN, pid, 0);
        if (fd < 0) {
            throw error("pidfd_open(" + pid + ")");
        }
        return (int) fd;
    }

    @Override
    public int eventfd() throws NativeException {
        int fd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (fd < 0) {
            throw error("eventfd");
        }
        return fd;
    }

    @Override
    public void signal(int eventfd) throws NativeException {
        byte[] one = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(1).array();
        if (libc.write(eventfd, one, 8) < 0 && calls.lastErrno() != EAGAIN) {
            throw error("write(eventfd)");
        }
    }

    @Override
    public void drain(int eventfd) throws NativeException {
        if (libc.read(eventfd, new byte[8], 8) < 0 && calls.lastErrno() != EAGAIN) {
            throw error("read(eventfd)");
        }
    }

    @Override
    public boolean[] awaitReadable(int[] fds) throws NativeException {
        ByteBuffer b = ByteBuffer.allocate(8 * fds.length).order(ByteOrder.nativeOrder());
        for (int fd : fds) {
            b.putInt(fd).putShort(POLLIN).putShort((short) 0); // struct pollfd
        }
        byte[] pollfds = b.array();
        boolean[] ready = new boolean[fds.length];
        if (libc.poll(pollfds, fds.length, -1) < 0) {
            if (calls.lastErrno() == EINTR) {
                return ready;
            }
            throw error("poll");
        }
        ByteBuffer r = ByteBuffer.wrap(pollfds).order(ByteOrder.nativeOrder());
        for (int i = 0; i < fds.length; i++) {
            ready[i] = r.getShort(8 * i + 6) != 0; // revents: POLLIN, or POLLHUP/POLLERR/POLLNVAL
        }
        return ready;
    }

    @Override
    public void close(int fd) {
        libc.close(fd);
    }

    private NativeException error(String call) {
        int e = calls.lastErrno();
        return new NativeException(call, e, libc.strerror(e));
    }
}
