package org.vrrpd.daemon.systemd;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.Future;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.IntConsumer;
import org.vrrpd.net.EpollReadiness;
import org.vrrpd.net.LibC;
import org.vrrpd.net.NativeCalls;
import org.vrrpd.net.NativeException;

/**
 * A signalfd(2) on the protocol thread's epoll loop: the signals of its mask, blocked in every thread, are read
 * by that thread as soon as they are sent, and handed to the listener there, one call per signal. This replaces
 * the JDK's path (its signal thread, then a thread made per signal, then a hand-over to the loop), which took
 * 0.6-1.1 ms from SIGTERM to the loop on a daemon seconds old; a signalfd read takes 0.1-0.2 ms
 * (docs/BENCHMARKS.md, run 12).
 */
public final class SignalFdHandle implements EpollIoHandle {

    private static final int SFD_NONBLOCK = 0x800;
    private static final int SFD_CLOEXEC = 0x80000;
    /** {@code struct signalfd_siginfo}: 128 bytes, {@code ssi_signo} its first 32-bit word. */
    static final int SIGINFO_BYTES = 128;
    private static final int EINTR = 4;

    private final NativeCalls calls;
    private final FileDescriptor fd;
    private final IntConsumer listener;
    private final byte[] buffer = new byte[SIGINFO_BYTES * 4];

    private SignalFdHandle(NativeCalls calls, int fd, IntConsumer listener) {
        this.calls = calls;
        this.fd = new FileDescriptor(fd);
        this.listener = listener;
    }

    /** A non-blocking signalfd for the signals of {@code mask}; nothing reads it until {@link #register}. */
    public static SignalFdHandle open(long mask, IntConsumer listener) throws NativeException {
        NativeCalls calls = NativeCalls.load();
        return new SignalFdHandle(calls, signalfd(calls, mask, SFD_NONBLOCK | SFD_CLOEXEC), listener);
    }

    /**
     * For a command that runs no protocol loop (a configuration check, a check run): a daemon thread of its own
     * waits on a blocking signalfd and hands it each signal of {@code mask}, for the life of the process.
     */
    public static void readOnThread(long mask, IntConsumer listener) throws NativeException {
        NativeCalls calls = NativeCalls.load();
        LibC libc = calls.libc();
        int fd = signalfd(calls, mask, SFD_CLOEXEC);
        Thread reader = new Thread(() -> {
            byte[] record = new byte[SIGINFO_BYTES];
            while (true) {
                long n = libc.read(fd, record, SIGINFO_BYTES);
                if (n == SIGINFO_BYTES) {
                    listener.accept(signo(record, 0));
                } else if (n < 0 && calls.lastErrno() != EINTR) {
                    return;
                }
            }
        }, "vrrpd-signals");
        reader.setDaemon(true);
        reader.start();
    }

    /** A new signalfd(2) for the signals of {@code mask}, with {@code flags}. */
    private static int signalfd(NativeCalls calls, long mask, int flags) throws NativeException {
        int fd = calls.libc().signalfd(-1, SignalSet.sigset(mask), flags);
        if (fd < 0) {
            int e = calls.lastErrno();
            throw new NativeException("signalfd", e, calls.libc().strerror(e));
        }
        return fd;
    }

    /** Watches the signalfd on {@code loop}; the listener runs on the loop's thread. */
    public Future<IoRegistration> register(IoEventLoop loop) {
        return EpollReadiness.registerForReading(loop, this);
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        if (!EpollReadiness.readable(event)) {
            return;
        }
        LibC libc = calls.libc();
        while (true) {
            long n = libc.read(fd.intValue(), buffer, buffer.length);
            if (n < 0) {
                int errno = calls.lastErrno();
                if (errno == EINTR) {
                    continue;
                }
                return; // EAGAIN: drained (another error would repeat: the next readiness retries)
            }
            for (int i = 0; i + SIGINFO_BYTES <= n; i += SIGINFO_BYTES) {
                listener.accept(signo(buffer, i));
            }
            if (n < buffer.length) {
                return;
            }
        }
    }

    /** {@code ssi_signo} of the record at {@code offset} (a 32-bit word in host order). */
    static int signo(byte[] records, int offset) {
        return ByteBuffer.wrap(records, offset, 4).order(ByteOrder.nativeOrder()).getInt();
    }

    @Override
    public void close() {
        calls.libc().close(fd.intValue());
    }
}
