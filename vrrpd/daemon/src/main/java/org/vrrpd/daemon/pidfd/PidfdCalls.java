package org.vrrpd.daemon.pidfd;

import org.vrrpd.net.NativeException;

/**
 * The system calls a {@link PidfdWatcher} makes, small enough to fake: pidfds ({@code pidfd_open(2)}, Linux 5.3),
 * an eventfd to wake the watcher, and {@code poll(2)} without a timeout. Production: {@link #linux()}.
 */
public interface PidfdCalls {

    /** errno of {@code pidfd_open} for a pid no process has. */
    int ESRCH = 3;

    static PidfdCalls linux() {
        return new LinuxPidfdCalls();
    }

    /** A pidfd for {@code pid}; {@link NativeException} with {@link #ESRCH} when no such process runs. */
    int pidfdOpen(long pid) throws NativeException;

    /** A non-blocking, close-on-exec eventfd. */
    int eventfd() throws NativeException;

    /** Makes {@code eventfd} readable. */
    void signal(int eventfd) throws NativeException;

    /** Makes {@code eventfd} unreadable again. */
    void drain(int eventfd) throws NativeException;

    /**
     * Blocks until at least one of {@code fds} is readable (a pidfd is once its process has exited), without a
     * timeout; returns which are (all false when a signal interrupted the wait).
     */
    boolean[] awaitReadable(int[] fds) throws NativeException;

    void close(int fd);
}
