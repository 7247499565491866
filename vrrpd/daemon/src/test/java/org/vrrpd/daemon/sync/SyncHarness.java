package org.vrrpd.daemon.sync;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vrrpd.daemon.track.PriorityBreakdown;
import org.vrrpd.daemon.track.Tracked;
import org.vrrpd.daemon.track.Tracker;
import org.vrrpd.fsm.Action;
import org.vrrpd.fsm.Event;
import org.vrrpd.fsm.RouterState;
import org.vrrpd.fsm.TimerKind;
import org.vrrpd.fsm.Transition;
import org.vrrpd.fsm.VrrpConfig;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.fsm.VrrpStateMachine;

/**
 * Members of one sync group as the daemon runs them, without I/O: each a real {@link VrrpStateMachine} with a
 * {@link Tracker}, wired to {@link SyncGroups} the way {@code InstanceDriver} and {@code Daemon} wire them (the
 * Master_Down_Timer asks the group, arming it withdraws the wish, tracking reports its own faults, transitions
 * reach the group after the member's actions).
 */
final class SyncHarness implements SyncMembers {

    static final InetAddress SELF = addr("192.0.2.5");
    static final InetAddress HIGHER = addr("192.0.2.9");

    /** One member. */
    final class Member {
        final String name;
        final VrrpStateMachine machine;
        final Tracker tracker;
        RouterState state;
        boolean downArmed;
        final List<String> vipsHeld = new ArrayList<>();
        int priorityZeroSent;

        Member(String name, int vrid, int priority) {
            this.name = name;
            this.machine = new VrrpStateMachine(VrrpConfig.defaults(vrid, 3, SELF).withPriority(priority));
            this.tracker = new Tracker(priority);
            this.state = machine.initialState(now);
        }

        void handle(Event e) {
            Transition t = machine.handle(state, e, now);
            state = t.state();
            for (Action a : t.actions()) {
                if (a instanceof Action.ArmTimer arm && arm.kind() == TimerKind.MASTER_DOWN) {
                    downArmed = true;
                    groups.masterWishWithdrawn(name);
                } else if (a instanceof Action.CancelTimer c && c.kind() == TimerKind.MASTER_DOWN) {
                    downArmed = false;
                } else if (a instanceof Action.SendAdvert s && s.priority() == 0) {
                    priorityZeroSent++;
                } else if (a instanceof Action.Notify n) {
                    groups.onTransition(name, n.from(), n.to(), n.reason());
                }
            }
        }

        /** The Master_Down_Timer fires (only while armed, as the driver's timers do). */
        void downTimerFires() {
            if (!downArmed) {
                return;
            }
            downArmed = false;
            if (state.state() == VrrpState.BACKUP && !groups.mayBecomeMaster(name)) {
                return;
            }
            handle(new Event.MasterDownTimerFired());
        }

        void report(Tracked t) {
            tracker.report(t);
            PriorityBreakdown b = tracker.breakdown();
            if (b.effective() != state.priority()) {
                handle(new Event.PriorityChanged(b.effective()));
            }
            String reason = b.faultReason();
            if (!Objects.equals(reason, state.faultReason())) {
                handle(reason == null ? new Event.FaultCleared() : new Event.FaultRaised(reason));
            }
            groups.trackingApplied(name, b);
        }

        void ownCheck(boolean up) {
            report(Tracked.check("smtp", 0, up, up ? "" : "connection refused"));
        }

        void advert(InetAddress from, int priority) {
            handle(new Event.AdvertReceived(from, priority, 100));
        }

        VrrpState vrrpState() {
            return state.state();
        }
    }

    long now = 1_000_000_000L;
    final SyncGroups groups;
    final Map<String, Member> members = new LinkedHashMap<>();
    final List<SyncDirective.GroupMoved> moves = new ArrayList<>();

    SyncHarness(String group, String... names) {
        this.groups = new SyncGroups(this, moves::add);
        int vrid = 1;
        for (String n : names) {
            members.put(n, new Member(n, vrid++, 150));
        }
        groups.configure(Map.of(group, List.of(names)), n -> null, n -> false);
    }

    Member member(String name) {
        return members.get(name);
    }

    void startAll() {
        for (Member m : members.values()) {
            for (Tracked t : groups.inputsFor(m.name)) {
                m.tracker.report(t);
            }
            m.handle(new Event.Startup());
        }
    }

    /** True when some member is Master while another is not. */
    boolean split() {
        boolean master = false;
        boolean other = false;
        for (Member m : members.values()) {
            master |= m.vrrpState() == VrrpState.MASTER;
            other |= m.vrrpState() != VrrpState.MASTER;
        }
        return master && other;
    }

    List<VrrpState> states() {
        return members.values().stream().map(Member::vrrpState).toList();
    }

    @Override
    public void follow(String target, Tracked input) {
        members.get(target).report(input);
    }

    @Override
    public void goMaster(String target, String reason) {
        Member m = members.get(target);
        if (m.vrrpState() == VrrpState.BACKUP) {
            m.downArmed = false;
            m.handle(new Event.MasterDownTimerFired());
        }
    }

    @Override
    public void stepDown(String target, String reason) {
        members.get(target).handle(new Event.SyncBackup(reason));
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
