package org.vrrpd.daemon.tuning;

import org.vrrpd.net.LibC;
import org.vrrpd.net.NativeCalls;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the calling thread (the protocol thread) under a real-time scheduling policy, so CPU load from checks,
 * GC helper threads or other processes cannot delay adverts past the peer's Master_Down_Interval — the cure
 * keepalived offers with {@code vrrp_rt_priority} for "thread timer expired" false takeovers. Needs
 * CAP_SYS_NICE (or an RLIMIT_RTPRIO allowance); failure is logged and the daemon runs on unchanged.
 *
 * <p>The policy is set with {@code SCHED_RESET_ON_FORK}: threads and processes the protocol thread creates (a
 * check's timer or worker started on a reload, a plugin host, a notify script) start under SCHED_OTHER instead
 * of inheriting the real-time policy, so only the protocol thread itself can ever preempt the rest.
 */
public final class RealtimeScheduling {

    private static final Logger LOG = LoggerFactory.getLogger(RealtimeScheduling.class);
    /** {@code SCHED_RESET_ON_FORK} (linux/sched.h): children of the thread do not inherit a real-time policy. */
    static final int SCHED_RESET_ON_FORK = 0x40000000;

    private RealtimeScheduling() {
    }

    /** Applies the setting from {@code -Dvrrpd.rt_priority} / {@code VRRPD_RT_PRIORITY}, if any, to this thread. */
    public static void applyToCurrentThreadFromEnvironment() {
        RtSetting.Parsed p = RtSetting.fromEnvironment();
        if (p.problem() != null) {
            LOG.warn("real-time scheduling not applied: {}", p.problem());
            return;
        }
        p.setting().ifPresent(s -> {
            Optional<String> err = applyToCurrentThread(s);
            if (err.isPresent()) {
                LOG.warn("real-time scheduling {} {} not applied to thread {}: {}", s.policyName(), s.priority(),
                        Thread.currentThread().getName(), err.get());
            } else {
                LOG.info("thread {} runs under {} priority {}", Thread.currentThread().getName(), s.policyName(),
                        s.priority());
            }
        });
    }

    /** Applies {@code s} to the calling thread; an error text when it could not. */
    public static Optional<String> applyToCurrentThread(RtSetting s) {
        try {
            NativeCalls nc = NativeCalls.load();
            LibC libc = nc.libc();
            int tid = libc.gettid();
            if (libc.sched_setscheduler(tid, s.policy() | SCHED_RESET_ON_FORK, new int[] {s.priority()}) != 0) {
                int errno = nc.lastErrno();
                return Optional.of(libc.strerror(errno) + " (errno " + errno + ")");
            }
            return Optional.empty();
        } catch (LinkageError | RuntimeException e) {
            return Optional.of("native call unavailable: " + e);
        }
    }

    /** The calling thread's policy number (0 = SCHED_OTHER, without the reset-on-fork flag), or -1 when unknown. */
    public static int currentPolicy() {
        try {
            LibC libc = NativeCalls.load().libc();
            int policy = libc.sched_getscheduler(libc.gettid());
            return policy < 0 ? -1 : policy & ~SCHED_RESET_ON_FORK;
        } catch (LinkageError | RuntimeException e) {
            return -1;
        }
    }
}
