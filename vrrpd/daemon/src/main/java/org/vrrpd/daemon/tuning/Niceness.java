package org.vrrpd.daemon.tuning;

import java.util.Optional;
import org.vrrpd.net.LibC;
import org.vrrpd.net.NativeCalls;

/**
 * Sets the calling thread's nice value with {@code setpriority(PRIO_PROCESS, 0, nice)}. On Linux the nice value
 * belongs to the thread (not the whole process) and a child process inherits the value of the thread that forked
 * it, so the daemon runs this on the one thread that starts plugin hosts: every host, and every thread a host's
 * plugins start, runs at that nice value under SCHED_OTHER, and the daemon's other threads keep theirs.
 */
public final class Niceness {

    static final int PRIO_PROCESS = 0;
    static final int SCHED_OTHER = 0;
    static final int SCHED_IDLE = 5;

    private Niceness() {
    }

    /**
     * Puts the calling thread under the normal time-sharing policy (a thread inherits the policy of the thread that
     * created it, which may be the real-time protocol thread) and sets its nice value; an error text when it could
     * not.
     */
    public static Optional<String> applyToCurrentThread(int nice) {
        try {
            NativeCalls nc = NativeCalls.load();
            LibC libc = nc.libc();
            int tid = libc.gettid();
            if (libc.sched_getscheduler(tid) != SCHED_OTHER
                    && libc.sched_setscheduler(tid, SCHED_OTHER, new int[] {0}) != 0) {
                int errno = nc.lastErrno();
                return Optional.of("cannot leave real-time scheduling: " + libc.strerror(errno) + " (errno " + errno
                        + ")");
            }
            if (libc.setpriority(PRIO_PROCESS, 0, nice) != 0) {
                int errno = nc.lastErrno();
                return Optional.of(libc.strerror(errno) + " (errno " + errno + ")");
            }
            return Optional.empty();
        } catch (LinkageError | RuntimeException e) {
            return Optional.of("native call unavailable: " + e);
        }
    }
}
