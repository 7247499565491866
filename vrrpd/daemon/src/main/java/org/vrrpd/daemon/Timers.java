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
 * <p>Periodic timers do not drift: when an expiry is delivered late (event-loop latency) and the state machine
 * re-arms the same kind while handling it — the Adver_Timer does, every interval — the new delay is shortened by
 * that lateness, so adverts keep the cadence of their deadlines instead of adding the latency every interval.
 */
final class Timers {

    private final ProtocolScheduler scheduler;
    private final Consumer<TimerKind> fired;
    private final Map<TimerKind, ProtocolScheduler.Cancellable> armed = new EnumMap<>(TimerKind.class);
    private final Map<TimerKind, Long> generation = new EnumMap<>(TimerKind.class);
    /** The kind whose expiry is being delivered now, and how late it was (ns); null / 0 otherwise. */
    private TimerKind firing;
    private long firingLateness;

    Timers(ProtocolScheduler scheduler, Consumer<TimerKind> fired) {
        this.scheduler = scheduler;
        this.fired = fired;
    }

    void arm(TimerKind kind, Duration delay) {
        cancel(kind);
        long gen = generation.merge(kind, 1L, Long::sum);
        long nanos = kind == firing ? Math.max(0, delay.toNanos() - firingLateness) : delay.toNanos();
        long deadline = scheduler.nanoTime() + nanos;
        armed.put(kind, scheduler.schedule(() -> {
            if (generation.get(kind) == gen && armed.remove(kind) != null) {
                deliver(kind, Math.max(0, scheduler.nanoTime() - deadline));
            }
        }, Duration.ofNanos(nanos)));
    }

    private void deliver(TimerKind kind, long lateness) {
        firing = kind;
        firingLateness = lateness;
        try {
            fired.accept(kind);
        } finally {
            firing = null;
            firingLateness = 0;
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
