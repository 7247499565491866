package org.vrrpd.fsm;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.wire.Addresses;

/**
 * The VRRP state machine of RFC 9568 §6.4 (and RFC 3768 for v2), plus keepalived's FAULT state, preempt_delay
 * and our fast takeover. It is pure: {@code handle(state, event, now)} returns the next state and the actions to
 * perform, and touches no socket, thread or clock. Time arrives as {@code nowNanos} on the driver's monotonic
 * clock; timers are requested with {@link Action.ArmTimer} under the contract described there.
 *
 * <p>All state changes go through one choke point (a private {@code changeState}), which logs "from -> to (reason)",
 * counts the transition and appends {@link Action.Notify}. One instance serves one virtual router; it is safe
 * to read its counters from another thread, but events must be handled one at a time.
 */
public final class VrrpStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(VrrpStateMachine.class);
    private static final int STATES = VrrpState.values().length;

    private final VrrpConfig config;
    private final AtomicLongArray transitions = new AtomicLongArray(STATES * STATES);

    public VrrpStateMachine(VrrpConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public VrrpConfig config() {
        return config;
    }

    /** The state before Startup: INITIALIZE at the base priority with our own interval, not faulted. */
    public RouterState initialState(long nowNanos) {
        return new RouterState(VrrpState.INITIALIZE, config.priority(), config.advertisementIntervalCs(), null,
                nowNanos, 0L, 0L, null);
    }

    /** How many times this router went {@code from -> to}. */
    public long transitionCount(VrrpState from, VrrpState to) {
        return transitions.get(from.ordinal() * STATES + to.ordinal());
    }

    /** Handle one event at {@code nowNanos}. Events that do not apply to the current state yield no action. */
    public Transition handle(RouterState current, Event event, long nowNanos) {
        Step step = new Step(current, nowNanos);
        if (event instanceof Event.PriorityChanged p) {
            onPriorityChanged(step, p.newPriority());
        } else if (event instanceof Event.Reconfigured r) {
            onReconfigured(step, r.previous());
        } else if (event instanceof Event.FaultRaised f) {
            onFaultRaised(step, f.reason());
        } else {
            switch (current.state()) {
                case INITIALIZE -> onInitialize(step, event);
                case BACKUP -> onBackup(step, event);
                case MASTER -> onMaster(step, event);
                case FAULT -> onFault(step, event);
                default -> throw new AssertionError(current.state());
            }
        }
        return new Transition(step.state, step.actions);
    }

    // ---------------------------------------------------------------- §6.4.1 Initialize

    private void onInitialize(Step step, Event event) {
        if (event instanceof Event.Startup) {
            if (step.state.faulted()) {
                changeState(step, VrrpState.FAULT, "startup while faulted: " + step.state.faultReason());
            } else if (config.isOwner()) {
                becomeMaster(step, "startup as address owner");
            } else {
                enterBackup(step, "startup");
            }
        } else if (event instanceof Event.FaultCleared) {
            step.state = step.state.withFaultReason(null);
        } else {
            ignore(step, event);
        }
    }

    // ---------------------------------------------------------------- §6.4.2 Backup

    private void onBackup(Step step, Event event) {
        if (event instanceof Event.Shutdown) {
            step.add(new Action.CancelTimer(TimerKind.MASTER_DOWN));
            changeState(step, VrrpState.INITIALIZE, "shutdown");
        } else if (event instanceof Event.MasterDownTimerFired) {
            becomeMaster(step, "master down timer expired");
        } else if (event instanceof Event.AdvertReceived a) {
            onBackupAdvert(step, a);
        } else {
            ignore(step, event);
        }
    }

    private void onBackupAdvert(Step step, Event.AdvertReceived a) {
        RouterState s = step.state;
        if (a.priority() == 0) {
            // The Master stopped: take over after Skew_Time only, so the highest Backup goes first.
            armDownTimer(step, skewTime(s.priority(), s.masterAdverIntervalCs()));
            return;
        }
        boolean inPreemptDelay = step.now < s.preemptAllowedAtNanos();
        if (!config.effectivePreempt() || a.priority() >= s.priority() || inPreemptDelay) {
            // Accept: learn the Master's interval (v3), recompute Skew_Time and Master_Down_Interval, reset.
            int learned = learnedInterval(a, s.masterAdverIntervalCs());
            step.state = s.withMasterAdverIntervalCs(learned).withMasterAddress(a.source());
            if (a.priority() > s.priority() && config.preemptDelay().compareTo(Duration.ZERO) > 0) {
                step.state = step.state.withPreemptAllowedAt(step.now + config.preemptDelay().toNanos());
            }
            armDownTimer(step, masterDownInterval(s.priority(), learned));
        } else if (config.fastTakeover() && (s.masterAddress() == null || s.masterAddress().equals(a.source()))) {
            // The Master we follow (or, before we have followed any, the only one we hear) is below us and we
            // preempt: do not wait Master_Down_Interval, only Skew_Time. A lower advert from any other router
            // (a Backup's brief Master stint) is discarded as the RFC says, or it would unseat a higher Master.
            Duration skew = skewTime(s.priority(), s.masterAdverIntervalCs());
            if (s.downDeadlineNanos() - step.now > skew.toNanos()) {
                armDownTimer(step, skew);
            }
        }
        // else: discard (RFC 9568 §6.4.2); the down timer keeps running and we take over when it fires.
    }

    // ---------------------------------------------------------------- §6.4.3 Master

    private void onMaster(Step step, Event event) {
        RouterState s = step.state;
        if (event instanceof Event.Shutdown) {
            step.add(new Action.CancelTimer(TimerKind.ADVER));
            step.add(new Action.SendAdvert(0));
            step.add(new Action.RemoveVips());
            changeState(step, VrrpState.INITIALIZE, "shutdown");
        } else if (event instanceof Event.AdverTimerFired) {
            step.add(new Action.SendAdvert(s.priority()));
            armAdverTimer(step);
        } else if (event instanceof Event.SyncBackup b) {
            step.add(new Action.CancelTimer(TimerKind.ADVER));
            step.add(new Action.SendAdvert(0));
            step.add(new Action.RemoveVips());
            enterBackup(step, b.reason());
        } else if (event instanceof Event.AdvertReceived a) {
            if (a.priority() == 0) {
                step.add(new Action.SendAdvert(s.priority()));
                armAdverTimer(step);
            } else if (a.priority() > s.priority()
                    || (a.priority() == s.priority() && compareUnsigned(a.source(), config.primaryAddress()) > 0)) {
                int learned = learnedInterval(a, config.advertisementIntervalCs());
                step.add(new Action.CancelTimer(TimerKind.ADVER));
                step.add(new Action.RemoveVips());
                step.state = s.withMasterAdverIntervalCs(learned).withPreemptAllowedAt(
                        step.now + config.preemptDelay().toNanos());
                armDownTimer(step, masterDownInterval(s.priority(), learned));
                changeState(step, VrrpState.BACKUP, "advert from " + Addresses.text(a.source())
                        + " with " + (a.priority() > s.priority() ? "higher" : "equal") + " priority " + a.priority());
            } else {
                // RFC 9568 §6.4.3: discard, and assert ourselves at once; the burst re-points clients that
                // followed the loser during a split brain.
                step.add(new Action.SendAdvert(s.priority()));
                step.add(new Action.SendGratuitous());
            }
        } else {
            ignore(step, event);
        }
    }

    // ---------------------------------------------------------------- Fault (keepalived)

    private void onFault(Step step, Event event) {
        if (event instanceof Event.FaultCleared) {
            step.state = step.state.withFaultReason(null);
            if (config.isOwner()) {
                becomeMaster(step, "fault cleared, address owner");
            } else {
                enterBackup(step, "fault cleared");
            }
        } else if (event instanceof Event.Shutdown) {
            changeState(step, VrrpState.INITIALIZE, "shutdown");
        } else {
            ignore(step, event); // adverts and stale timers alike
        }
    }

    private void onFaultRaised(Step step, String reason) {
        RouterState s = step.state;
        step.state = s.withFaultReason(reason);
        switch (s.state()) {
            case MASTER -> {
                step.add(new Action.CancelTimer(TimerKind.ADVER));
                step.add(new Action.SendAdvert(0));
                step.add(new Action.RemoveVips());
                changeState(step, VrrpState.FAULT, reason);
            }
            case BACKUP -> {
                step.add(new Action.CancelTimer(TimerKind.MASTER_DOWN));
                changeState(step, VrrpState.FAULT, reason);
            }
            default -> {
                // INITIALIZE remembers it for Startup; FAULT only updates the reason.
            }
        }
    }

    // ---------------------------------------------------------------- priority

    private void onPriorityChanged(Step step, int requested) {
        if (config.isOwner()) {
            LOG.debug("VRID {} is the address owner; ignoring priority change to {}", config.vrid(), requested);
            return;
        }
        int p = Math.max(1, Math.min(254, requested));
        RouterState s = step.state;
        if (p == s.priority()) {
            return;
        }
        step.state = s.withPriority(p);
        LOG.info("VRID {} priority {} -> {}", config.vrid(), s.priority(), p);
        if (s.state() == VrrpState.MASTER) {
            // Tell the Backups at once, so a now-higher Backup can preempt without waiting an interval.
            step.add(new Action.SendAdvert(p));
            armAdverTimer(step);
        }
        // A Backup uses the new priority from the next advert on (RFC recomputes Skew_Time on receipt).
    }

    // ---------------------------------------------------------------- reload in place

    private void onReconfigured(Step step, VrrpConfig previous) {
        if (previous.vrid() != config.vrid() || previous.version() != config.version()
                || previous.isOwner() != config.isOwner()) {
            throw new IllegalArgumentException("VRID " + config.vrid() + ": a reload that changes the VRID, the"
                    + " version or address ownership needs a new router, not an in-place change");
        }
        RouterState s = step.state;
        long delayShift = config.preemptDelay().toNanos() - previous.preemptDelay().toNanos();
        if (delayShift != 0 && s.state() == VrrpState.BACKUP) {
            step.state = s.withPreemptAllowedAt(Math.max(0, s.preemptAllowedAtNanos() + delayShift));
        }
        int interval = config.advertisementIntervalCs();
        if (interval == previous.advertisementIntervalCs()) {
            return;
        }
        if (s.state() == VrrpState.MASTER) {
            step.state = step.state.withMasterAdverIntervalCs(interval);
            step.add(new Action.SendAdvert(s.priority()));
            armAdverTimer(step);
        } else if (s.state() == VrrpState.BACKUP && (config.version() == 2 || s.masterAddress() == null)) {
            step.state = step.state.withMasterAdverIntervalCs(interval);
            long remaining = Math.max(0, s.downDeadlineNanos() - step.now);
            Duration down = masterDownInterval(s.priority(), interval);
            armDownTimer(step, Duration.ofNanos(Math.max(remaining, down.toNanos())));
        }
    }

    // ---------------------------------------------------------------- entry actions and the choke point

    /**
     * RFC 9568 §6.4.1/§6.4.2 order: the advert goes out first (it is what stops the other routers' down timers),
     * then the addresses are configured, then announced.
     */
    private void becomeMaster(Step step, String reason) {
        step.add(new Action.SendAdvert(step.state.priority()));
        step.add(new Action.AddVips());
        step.add(new Action.SendGratuitous());
        armAdverTimer(step);
        changeState(step, VrrpState.MASTER, reason);
    }

    private void enterBackup(Step step, String reason) {
        RouterState s = step.state.withMasterAdverIntervalCs(config.advertisementIntervalCs())
                .withPreemptAllowedAt(step.now + config.preemptDelay().toNanos()).withMasterAddress(null);
        step.state = s;
        armDownTimer(step, masterDownInterval(s.priority(), s.masterAdverIntervalCs()));
        changeState(step, VrrpState.BACKUP, reason);
    }

    /**
     * The only place a state changes: log, count, notify. Logged at debug: the daemon logs each transition
     * once, at info, with the instance's name and priority when it carries out the {@link Action.Notify}.
     */
    private void changeState(Step step, VrrpState to, String reason) {
        VrrpState from = step.state.state();
        step.state = step.state.withState(to, step.now);
        transitions.incrementAndGet(from.ordinal() * STATES + to.ordinal());
        LOG.debug("VRID {} {} -> {} ({})", config.vrid(), from, to, reason);
        step.add(new Action.Notify(from, to, reason));
    }

    private void armAdverTimer(Step step) {
        step.add(new Action.ArmTimer(TimerKind.ADVER, Timers.centiseconds(config.advertisementIntervalCs())));
    }

    private void armDownTimer(Step step, Duration delay) {
        step.add(new Action.ArmTimer(TimerKind.MASTER_DOWN, delay));
        step.state = step.state.withDownDeadline(step.now + delay.toNanos());
    }

    private Duration skewTime(int priority, int masterAdverIntervalCs) {
        return Timers.skewTime(config.version(), priority, masterAdverIntervalCs);
    }

    private Duration masterDownInterval(int priority, int masterAdverIntervalCs) {
        int interval = config.version() == 3 ? masterAdverIntervalCs : config.advertisementIntervalCs();
        return Timers.masterDownInterval(config.version(), priority, interval);
    }

    /** v3 learns the Master's interval (RFC 9568 §6.4.2); v2 does not; an out-of-range value is not learned. */
    private int learnedInterval(Event.AdvertReceived a, int current) {
        int cs = a.maxAdverIntervalCs();
        if (config.version() != 3) {
            return current;
        }
        if (cs < 1 || cs > 4095) {
            LOG.warn("VRID {} ignoring out-of-range Max Adver Interval {} cs from {}", config.vrid(), cs,
                    Addresses.text(a.source()));
            return current;
        }
        return cs;
    }

    private void ignore(Step step, Event event) {
        LOG.debug("VRID {} {} ignores {}", config.vrid(), step.state.state(), event);
    }

    /** Unsigned comparison in network byte order; a shorter address (other family) sorts first. */
    static int compareUnsigned(InetAddress a, InetAddress b) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return Integer.compare(x.length, y.length);
        }
        for (int i = 0; i < x.length; i++) {
            int c = Integer.compare(x[i] & 0xff, y[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The work area of one event. */
    private static final class Step {
        RouterState state;
        final long now;
        final List<Action> actions = new ArrayList<>(6);

        Step(RouterState state, long now) {
            this.state = state;
            this.now = now;
        }

        void add(Action a) {
            actions.add(a);
        }
    }
}
