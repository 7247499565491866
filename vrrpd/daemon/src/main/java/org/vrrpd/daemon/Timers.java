package org.vrrpd.daemon;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import org.vrrpd.fsm.TimerKind;

/**
 * The state machine's timers on the protocol thread, honouring its contract: one armed instance per kind,
 * re-arming replaces, and a replaced or cancelled instance never delivers its event even if its expiry was
 * already queued (each arming gets a generation number that the expiry must still match).
 *
 * <p>Periodic timers do not drift: when the state machine re-arms a kind while handling that kind's expiry — the
 * Adver_Timer does, every interval — the new deadline is the expired one plus the delay, not "now" plus the
 * delay. Neither the event loop's lateness in delivering the expiry nor the time spent handling it before the
 * re-arm (encoding and sending the advert) is added to the next interval, so adverts keep the cadence of their
 * deadlines.
 */
final class Timers {

    private final ProtocolScheduler scheduler;
    private final Consumer<TimerKind> fired;
    private final Map<TimerKind, ProtocolScheduler.Cancellable> armed = new EnumMap<>(TimerKind.class);
    private final Map<TimerKind, Long> generation = new EnumMap<>(TimerKind.class);
    /** The kind whose expiry is being delivered now, and its deadline (scheduler nanos); null otherwise. */
    private TimerKind firing;
    private long firingDeadline;

    Timers(ProtocolScheduler scheduler, Consumer<TimerKind> fired) {
        this.scheduler = scheduler;
        this.fired = fired;
    }

    void arm(TimerKind kind, Duration delay) {
        cancel(kind);
        long gen = generation.merge(kind, 1L, Long::sum);
        long now = scheduler.nanoTime();
        long deadline = kind == firing ? firingDeadline + delay.toNanos() : now + delay.toNanos();
        long nanos = Math.max(0, deadline - now);
        armed.put(kind, scheduler.schedule(() -> {
            if (generation.get(kind) == gen && armed.remove(kind) != null) {
                deliver(kind, deadline);
            }
        }, Duration.ofNanos(nanos)));
    }

    private void deliver(TimerKind kind, long deadline) {
        firing = kind;
        firingDeadline = deadline;
        try {
            fired.accept(kind);
        } finally {
            firing = null;
        }
    }

    void cancel(TimerKind kind) {
        ProtocolScheduler.Cancellable c = armed.remove(kind);
        generation.merge(kind, 1L, Long::sum);
        if (c != null) {
            c.cancel();
        }
    }

    void cancelAll() {
        for (TimerKind k : TimerKind.values()) {
            cancel(k);
        }
    }

    boolean isArmed(TimerKind kind) {
        return armed.containsKey(kind);
    }
}
