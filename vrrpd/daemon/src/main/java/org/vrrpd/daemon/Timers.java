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
 */
final class Timers {

    private final ProtocolScheduler scheduler;
    private final Consumer<TimerKind> fired;
    private final Map<TimerKind, ProtocolScheduler.Cancellable> armed = new EnumMap<>(TimerKind.class);
    private final Map<TimerKind, Long> generation = new EnumMap<>(TimerKind.class);

    Timers(ProtocolScheduler scheduler, Consumer<TimerKind> fired) {
        this.scheduler = scheduler;
        this.fired = fired;
    }

    void arm(TimerKind kind, Duration delay) {
        cancel(kind);
        long gen = generation.merge(kind, 1L, Long::sum);
        armed.put(kind, scheduler.schedule(() -> {
            if (generation.get(kind) == gen && armed.remove(kind) != null) {
                fired.accept(kind);
            }
        }, delay));
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
