package org.vrrpd.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A tiny driver for unit tests: keeps the state, a fake "now", and the actions of the last event. */
final class Fsm {

    static final InetAddress LOW = addr("192.0.2.1");
    static final InetAddress SELF = addr("192.0.2.5");
    static final InetAddress HIGH = addr("192.0.2.9");

    VrrpStateMachine machine;
    RouterState state;
    List<Action> last = List.of();
    long now = 1_000_000_000L;

    Fsm(VrrpConfig config) {
        machine = new VrrpStateMachine(config);
        state = machine.initialState(now);
    }

    static VrrpConfig v3(int priority) {
        return VrrpConfig.defaults(7, 3, SELF).withPriority(priority);
    }

    static VrrpConfig v2(int priority) {
        return VrrpConfig.defaults(7, 2, SELF).withPriority(priority);
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    List<Action> fire(Event e) {
        Transition t = machine.handle(state, e, now);
        state = t.state();
        last = t.actions();
        return last;
    }

    /** A reload in place: the new machine gets the state and {@link Event.Reconfigured} with the old config. */
    List<Action> reconfigure(VrrpConfig next) {
        VrrpConfig previous = machine.config();
        machine = new VrrpStateMachine(next);
        return fire(new Event.Reconfigured(previous));
    }

    Fsm advance(Duration d) {
        now += d.toNanos();
        return this;
    }

    List<Action> advert(InetAddress from, int priority, int intervalCs) {
        return fire(new Event.AdvertReceived(from, priority, intervalCs));
    }

    List<Action> advert(InetAddress from, int priority) {
        return advert(from, priority, machine.config().advertisementIntervalCs());
    }

    Fsm backup() {
        fire(new Event.Startup());
        assertEquals(VrrpState.BACKUP, state.state());
        return this;
    }

    Fsm master() {
        fire(new Event.Startup());
        if (state.state() == VrrpState.BACKUP) {
            fire(new Event.MasterDownTimerFired());
        }
        assertEquals(VrrpState.MASTER, state.state());
        return this;
    }

    /** The delay of the ArmTimer for {@code kind} among the last actions, if any. */
    Optional<Duration> armed(TimerKind kind) {
        return last.stream().filter(a -> a instanceof Action.ArmTimer t && t.kind() == kind)
                .map(a -> ((Action.ArmTimer) a).delay()).reduce((a, b) -> b);
    }

    boolean did(Action a) {
        return last.contains(a);
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
