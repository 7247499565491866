package org.vrrpd.daemon.instance;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import org.vrrpd.daemon.loop.ProtocolScheduler;
import org.vrrpd.fsm.TimerKind;

/**
 * The state machine's timers on the protocol thread, honouring its contract: one armed instance per kind,
 * re-arming replaces, and a replaced or cancelled instance never delivers its event even if its expiry was
 * already queued (each arming gets a generation number that the expiry must still match).
 *
 * <p>Periodic timers do not drift: when the state machine re-arms a kind while handling that kind's expiry — the
 * Adver_Timer does, every interval — the new deadline counts from the expired deadline, not from "now", so
 * neither the event loop's usual wake-up latency nor the time spent sending the advert before the re-arm is added
 * to every interval. The catch-up is bounded by {@link #MAX_CATCH_UP_NANOS}: after a stall (a safepoint, a busy
 * CPU) the next advert is not sent early to make up for it, so a stall shows as one long gap rather than a long
 * gap followed by a short one.
 *
 * <p>A timer armed while a received packet is handled counts from the packet's receipt ({@link #receivedAt}).
 */
final class InstanceTimers {

    /** The most a re-armed periodic timer is brought forward to keep its cadence (0.5 ms). */
    static final long MAX_CATCH_UP_NANOS = 500_000L;

    private final ProtocolScheduler scheduler;
    private final Consumer<TimerKind> fired;
    private final Map<TimerKind, ProtocolScheduler.Cancellable> armed = new EnumMap<>(TimerKind.class);
    private final Map<TimerKind, Long> generation = new EnumMap<>(TimerKind.class);
    /** The kind whose expiry is being delivered now, its deadline and when it was delivered; null otherwise. */
    private TimerKind firing;
    private long firingDeadline;
    private long firingAt;

    /** No packet is being handled: a timer armed now counts from now. */
    static final long NO_PACKET = Long.MIN_VALUE;
    /** When the packet being handled was received ({@link #NO_PACKET} outside one). */
    private long receivedAt = NO_PACKET;

    InstanceTimers(ProtocolScheduler scheduler, Consumer<TimerKind> fired) {
        this.scheduler = scheduler;
        this.fired = fired;
    }

    void arm(TimerKind kind, Duration delay) {
        cancel(kind);
        long gen = generation.merge(kind, 1L, Long::sum);
        long now = scheduler.nanoTime();
        long anchor = receivedAt != NO_PACKET ? Math.min(receivedAt, now)
                : kind == firing ? Math.max(firingDeadline, firingAt - MAX_CATCH_UP_NANOS) : now;
        long deadline = anchor + delay.toNanos();
        long nanos = Math.max(0, deadline - now);
        Runnable expiry = () -> {
            if (generation.get(kind) == gen && armed.remove(kind) != null) {
                deliver(kind, deadline);
            }
        };
        Duration wait = Duration.ofNanos(nanos);
        armed.put(kind, kind == TimerKind.MASTER_DOWN ? scheduler.scheduleExact(expiry, wait) // decides a takeover
                : scheduler.schedule(expiry, wait));
    }

    private void deliver(TimerKind kind, long deadline) {
        firing = kind;
        firingDeadline = deadline;
        firingAt = scheduler.nanoTime();
        try {
            fired.accept(kind);
        } finally {
            firing = null;
        }
    }

    /**
     * Marks the start ({@code nanos}) and end ({@link #NO_PACKET}) of a received packet's handling: a timer the
     * packet arms (a Backup's Master_Down_Timer, reset by each advert) counts from its receipt, so the time spent
     * validating and judging the packet is not added to the interval.
     */
    void receivedAt(long nanos) {
        receivedAt = nanos;
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
