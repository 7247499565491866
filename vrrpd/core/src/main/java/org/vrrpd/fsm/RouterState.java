package org.vrrpd.fsm;

import java.net.InetAddress;

import java.util.Objects;

/**
 * The complete, immutable state of one virtual router as the machine sees it. The driver keeps the latest value
 * and passes it back with the next event; status pages may read it.
 *
 * @param state                 the RFC state (or FAULT)
 * @param priority              effective priority (base priority adjusted by trackers); 255 for the owner
 * @param masterAdverIntervalCs RFC Master_Adver_Interval: our own interval, or the one learned (v3) from the
 *                              Master's adverts while Backup
 * @param faultReason           the reason of the current fault, or null when not faulted; kept across Shutdown,
 *                              since it describes the outside world, so a Startup while faulted enters FAULT
 * @param sinceNanos            when the current state was entered (driver's monotonic clock)
 * @param downDeadlineNanos     while Backup: when the armed Master_Down_Timer expires
 * @param preemptAllowedAtNanos while Backup: from when a live lower-priority Master may be preempted
 *                              (preempt_delay)
 */
public record RouterState(
        VrrpState state,
        int priority,
        int masterAdverIntervalCs,
        String faultReason,
        long sinceNanos,
        long downDeadlineNanos,
        long preemptAllowedAtNanos,
        InetAddress masterAddress) {

    public RouterState {
        Objects.requireNonNull(state, "state");
    }

    public boolean faulted() {
        return faultReason != null;
    }

    RouterState withState(VrrpState s, long now) {
        return new RouterState(s, priority, masterAdverIntervalCs, faultReason, now, downDeadlineNanos,
                preemptAllowedAtNanos, masterAddress);
    }

    RouterState withPriority(int p) {
        return new RouterState(state, p, masterAdverIntervalCs, faultReason, sinceNanos, downDeadlineNanos,
                preemptAllowedAtNanos, masterAddress);
    }

    RouterState withMasterAdverIntervalCs(int cs) {
        return new RouterState(state, priority, cs, faultReason, sinceNanos, downDeadlineNanos,
                preemptAllowedAtNanos, masterAddress);
    }

    RouterState withFaultReason(String reason) {
        return new RouterState(state, priority, masterAdverIntervalCs, reason, sinceNanos, downDeadlineNanos,
                preemptAllowedAtNanos, masterAddress);
    }

    RouterState withDownDeadline(long at) {
        return new RouterState(state, priority, masterAdverIntervalCs, faultReason, sinceNanos, at,
                preemptAllowedAtNanos, masterAddress);
    }

    /** The Master a Backup follows: the sender of the last advert it accepted; null when none yet. */
    RouterState withMasterAddress(InetAddress a) {
        return new RouterState(state, priority, masterAdverIntervalCs, faultReason, sinceNanos, downDeadlineNanos,
                preemptAllowedAtNanos, a);
    }

    RouterState withPreemptAllowedAt(long at) {
        return new RouterState(state, priority, masterAdverIntervalCs, faultReason, sinceNanos, downDeadlineNanos,
                at, masterAddress);
    }
}
