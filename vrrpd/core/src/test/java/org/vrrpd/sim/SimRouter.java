package org.vrrpd.sim;

import java.net.InetAddress;
import org.vrrpd.fsm.Action;
import org.vrrpd.fsm.Event;
import org.vrrpd.fsm.RouterState;
import org.vrrpd.fsm.TimerKind;
import org.vrrpd.fsm.Transition;
import org.vrrpd.fsm.VrrpConfig;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.fsm.VrrpStateMachine;

/**
 * One simulated router: the real state machine plus a driver that carries out its actions on the simulated LAN
 * and implements the timer contract of {@link Action.ArmTimer} with a generation number per timer kind.
 */
final class SimRouter {

    final int id;
    final VrrpStateMachine fsm;
    private final SimLan lan;
    private final long[] generation = new long[TimerKind.values().length];

    RouterState state;
    /** The process runs (not crashed, not stopped). */
    boolean alive;
    boolean linkUp = true;
    boolean trackFault;
    /** The priority trackers want; re-applied after a restart. */
    int trackedPriority;
    boolean vipsHeld;
    long advertsSent;
    long gratuitousBursts;

    SimRouter(int id, VrrpConfig config, SimLan lan) {
        this.id = id;
        this.fsm = new VrrpStateMachine(config);
        this.lan = lan;
        this.trackedPriority = config.priority();
        this.state = fsm.initialState(0);
    }

    InetAddress address() {
        return fsm.config().primaryAddress();
    }

    boolean isMaster() {
        return alive && state.state() == VrrpState.MASTER;
    }

    boolean faultActive() {
        return !linkUp || trackFault;
    }

    /** Eligible to be Master: running and not faulted. */
    boolean eligible() {
        return alive && !faultActive();
    }

    void start() {
        if (alive) {
            return;
        }
        alive = true;
        invalidateTimers();
        state = fsm.initialState(lan.scheduler.now());
        if (faultActive()) {
            deliver(new Event.FaultRaised(linkUp ? "tracked failure" : "link down"));
        }
        deliver(new Event.Startup());
        if (trackedPriority != fsm.config().priority()) {
            deliver(new Event.PriorityChanged(trackedPriority));
        }
    }

    /** Killed: no priority 0, no timers, no traffic; the VIPs of a crashed process no longer count. */
    void crash() {
        if (!alive) {
            return;
        }
        boolean wasMaster = isMaster();
        alive = false;
        invalidateTimers();
        vipsHeld = false;
        if (wasMaster) {
            lan.masterChanged(this, false);
        }
        lan.log(this, "crashed");
    }

    /** Graceful stop: Shutdown (a Master sends priority 0), then the process exits. */
    void stop() {
        if (!alive) {
            return;
        }
        deliver(new Event.Shutdown());
        alive = false;
        invalidateTimers();
        lan.log(this, "stopped");
    }

    void setPriority(int p) {
        trackedPriority = p;
        if (alive) {
            deliver(new Event.PriorityChanged(p));
        }
    }

    void setLinkUp(boolean up) {
        boolean before = faultActive();
        linkUp = up;
        faultEdge(before, up ? "link up" : "link down");
    }

    void setTrackFault(boolean fault) {
        boolean before = faultActive();
        trackFault = fault;
        faultEdge(before, fault ? "tracked failure" : "tracked failure cleared");
    }

    private void faultEdge(boolean before, String reason) {
        boolean after = faultActive();
        if (alive && before != after) {
            deliver(after ? new Event.FaultRaised(reason) : new Event.FaultCleared());
        }
    }

    /** An advert arrives from the bus; a down link or a dead process drops it. */
    void receive(InetAddress source, int priority, int intervalCs) {
        if (alive && linkUp) {
            deliver(new Event.AdvertReceived(source, priority, intervalCs));
        }
    }

    void deliver(Event event) {
        if (!alive) {
            return;
        }
        boolean wasMaster = isMaster();
        Transition t = fsm.handle(state, event, lan.scheduler.now());
        state = t.state();
        for (Action a : t.actions()) {
            execute(a);
        }
        if (wasMaster != isMaster()) {
            lan.masterChanged(this, isMaster());
        }
    }

    private void execute(Action a) {
        if (a instanceof Action.SendAdvert s) {
            advertsSent++;
            lan.broadcast(this, s.priority());
        } else if (a instanceof Action.ArmTimer t) {
            int k = t.kind().ordinal();
            long g = ++generation[k];
            lan.scheduler.schedule(t.delay().toNanos(), () -> {
                if (alive && generation[k] == g) {
                    generation[k]++; // fired: no longer armed
                    deliver(t.kind().firedEvent());
                }
            });
        } else if (a instanceof Action.CancelTimer c) {
            generation[c.kind().ordinal()]++;
        } else if (a instanceof Action.AddVips) {
            vipsHeld = true;
        } else if (a instanceof Action.RemoveVips) {
            vipsHeld = false;
        } else if (a instanceof Action.SendGratuitous) {
            gratuitousBursts++;
        } else if (a instanceof Action.Notify n) {
            lan.log(this, n.from() + " -> " + n.to() + " (" + n.reason() + ") prio " + state.priority());
        }
    }

    private void invalidateTimers() {
        for (int k = 0; k < generation.length; k++) {
            generation[k]++;
        }
    }

    @Override
    public String toString() {
        return "R" + id + "[" + address().getHostAddress() + " prio " + state.priority() + " "
                + (alive ? state.state() : "DOWN") + (faultActive() ? " fault" : "") + "]";
    }
}
