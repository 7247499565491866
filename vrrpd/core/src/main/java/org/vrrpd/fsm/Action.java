package org.vrrpd.fsm;

import java.time.Duration;
import java.util.Objects;

/**
 * What the driver must do after an event, in list order. The machine itself performs no I/O.
 */
public sealed interface Action {

    /** Multicast an advert for this VRID with the given priority (0 = we stop participating) and our
     *  configured Advertisement_Interval and virtual addresses. */
    record SendAdvert(int priority) implements Action {
    }

    /**
     * Arm the timer {@code kind} to fire after {@code delay}.
     *
     * <p>Timer contract, which every driver must honour:
     * <ul>
     *   <li>each kind has at most one armed instance; {@code ArmTimer} replaces (re-arms) a pending one;</li>
     *   <li>after {@code ArmTimer} replaced an instance, or {@link CancelTimer} cancelled it, that instance never
     *       delivers its event, even if its expiry was already queued (use a per-kind generation number);</li>
     *   <li>an expired timer is delivered once, as {@link TimerKind#firedEvent()}, through the same serial event
     *       path as every other event, and is then no longer armed;</li>
     *   <li>on Shutdown/restart of the instance the driver may drop all timers.</li>
     * </ul>
     * {@code delay} is never negative.
     */
    record ArmTimer(TimerKind kind, Duration delay) implements Action {
        public ArmTimer {
            Objects.requireNonNull(kind, "kind");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("negative delay: " + delay);
            }
        }
    }

    /** Cancel the timer {@code kind} if armed; its pending expiry must never be delivered. */
    record CancelTimer(TimerKind kind) implements Action {
        public CancelTimer {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** Configure the virtual addresses on the interface (and VMAC, accept-mode rules per the config). */
    record AddVips() implements Action {
    }

    /** Remove the virtual addresses from the interface. */
    record RemoveVips() implements Action {
    }

    /** Send a gratuitous ARP burst for each IPv4 VIP, or an unsolicited NA burst for each IPv6 VIP. */
    record SendGratuitous() implements Action {
    }

    /** The state changed: run notify hooks, update status and metrics. Always the last action of its list. */
    record Notify(VrrpState from, VrrpState to, String reason) implements Action {
        public Notify {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
