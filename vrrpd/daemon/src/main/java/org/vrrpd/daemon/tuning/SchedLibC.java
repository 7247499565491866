package org.vrrpd.daemon.tuning;

import jnr.ffi.annotations.In;

/**
 * The two libc calls real-time scheduling needs, mapped by jnr-ffi. Public only because jnr-ffi generates the
 * implementation in its own class loader; use {@link RealtimeScheduling}.
 */
public interface SchedLibC {

    /** glibc ≥ 2.30: the calling thread's kernel id, which sched_setscheduler takes to act on one thread. */
    int gettid();

    /** {@code param} is {@code struct sched_param}: one int, the priority. */
    int sched_setscheduler(int pid, int policy, @In int[] param);

    int sched_getscheduler(int pid);

    String strerror(int errnum);
}
