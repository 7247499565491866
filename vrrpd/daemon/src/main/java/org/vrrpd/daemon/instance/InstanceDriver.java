package org.vrrpd.daemon.instance;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.daemon.loop.ProtocolScheduler;
import org.vrrpd.daemon.loop.RateLimitedLog;
import org.vrrpd.daemon.track.InstanceTracking;
import org.vrrpd.daemon.track.PriorityBreakdown;
import org.vrrpd.daemon.track.Tracked;
import org.vrrpd.daemon.vip.NeighbourTable;
import org.vrrpd.daemon.vip.VipTable;
import org.vrrpd.fsm.Action;
import org.vrrpd.fsm.Event;
import org.vrrpd.fsm.RouterState;
import org.vrrpd.fsm.TimerKind;
import org.vrrpd.fsm.Transition;
import org.vrrpd.fsm.VrrpConfig;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.fsm.VrrpStateMachine;
import org.vrrpd.net.VrrpTransport;
import org.vrrpd.status.LastTransition;
import org.vrrpd.wire.Addresses;
import org.vrrpd.wire.IpEnvelope;
import org.vrrpd.wire.ReceiveExpectations;

/**
 * One virtual router on the protocol thread: feeds events to the pure state machine and carries out the
 * actions it returns — adverts through the transport, timers through the scheduler, VIPs through rtnetlink,
 * gratuitous announcements, and notifications. Every method must be called on the protocol thread.
 */
public final class InstanceDriver {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceDriver.class);

    private InstanceConfig config;
    private final ProtocolScheduler scheduler;
    private final TransitionListener listener;
    private final InstanceCounters counters = new InstanceCounters();
    private final MasterSilence silence = new MasterSilence();
    private final InstanceTimers timers;
    private final InstanceTracking tracking;
    private InstanceWire wire;
    private final PreflightGate preflight;
    private Optional<AhSession> ah;

    /** Only for {@link #masterRehearsal}: the sends and announcements go through {@link ActiveSide}. */
    private final VrrpTransport transport;
    private final InterfaceBinding binding;

    private VrrpStateMachine machine;
    private RouterState state;
    private final ActiveSide active;
    private final AdvertSender sender;
    private final AdvertReceiver receiver;
    private NeighbourTable neighbours = NeighbourTable.LINUX;
    private ReceiveExpectations expectations;
    private MasterInfo master;
    private Instant since = Instant.now();
    private LastTransition lastTransition;
    /** Started without an address to advertise from: in Fault (Tracked.Kind.SOURCE) until one appears. */
    private boolean sourceFault;
    private boolean stopped;
    private SyncHooks sync = SyncHooks.NONE;

    /** The master this router last heard (or itself while Master). */
    public record MasterInfo(InetAddress address, int priority, int adverIntervalCs) {
    }

    public InstanceDriver(InstanceConfig config, ProtocolScheduler scheduler, VrrpTransport transport,
                          VipTable vips, TransitionListener listener) {
        this.config = config;
        this.scheduler = scheduler;
        this.listener = listener;
        this.timers = new InstanceTimers(scheduler, this::onTimer);
        RateLimitedLog dropLog = new RateLimitedLog(LOG, scheduler, 10_000_000_000L);
        this.tracking = new InstanceTracking(config.priority(), scheduler::execute, this::applyTracking);
        this.wire = new InstanceWire(config);
        this.preflight = new PreflightGate(config, scheduler, LOG);
        AdvertIntake intake = new AdvertIntake(config.name(), counters, dropLog, preflight);
        this.ah = AhSession.of(config);
        this.transport = transport;
        this.binding = new InterfaceBinding(config, transport, vips, wire,
                new TimedPackets(this::onPacket, scheduler));
        this.active = new ActiveSide(scheduler, transport, vips, binding, counters, LOG);
        this.sender = new AdvertSender(binding, counters, dropLog);
        this.receiver = new AdvertReceiver(this, intake, preflight, binding, active);
    }

    /**
     * Opens the socket, removes VIPs of ours left on the interface by an earlier run, and starts the protocol
     * (RFC 9568 §6.4.1). Throws with a clear reason when the interface or its address is missing.
     */
    public void start() throws IOException {
        binding.resolve();
        machine = new VrrpStateMachine(wire.fsmConfig(binding.source()));
        state = machine.initialState(scheduler.nanoTime());
        expectations = wire.expectations(state.priority());
        int stale = binding.open();
        active.start(config, neighbours);
        if (stale > 0) { // a killed run was Master: clients may still send to us; tell them who the Master is
            active.leftActive();
        }
        // the priority and faults tracked so far (checks report before start()), with the link: before Startup,
        // so a fault makes Startup enter Fault directly
        tracking.reportNow(Tracked.link(config.interfaceName(), primaryUp(binding.linkUp())));
        if (binding.sourceLost()) { // no address to advertise from yet: Fault until one appears (addressAdded)
            sourceFault = true;
            tracking.reportNow(Tracked.noSource(config.interfaceName(), VipTable.missingSource(config.family())));
        }
        preflight.started();
        handle(new Event.Startup(), "startup");
    }

    /**
     * This router's Master path, prepared without side effects for a warm-up thread ({@link MasterRehearsal});
     * call on the protocol thread after {@link #start()} or a reload. {@code withStateMachine} false leaves the
     * state machine out of it (its debug log would show the scratch run).
     */
    public MasterRehearsal masterRehearsal(boolean withStateMachine) {
        return new MasterRehearsal(config, wire, binding.source(), binding.endpoint(), transport,
                binding.vipIfIndex(), binding.vipMac(), withStateMachine);
    }

    /** Delivers one event to the state machine and carries out its actions. */
    public void handle(Event event, String why) {
        if (stopped && !(event instanceof Event.Shutdown)) {
            return;
        }
        if (event instanceof Event.MasterDownTimerFired && state.state() == VrrpState.BACKUP) {
            Duration wait = preflight.masterDownDeferral(); // the start-up listen, or on_incompatible: hold
            if (!wait.isZero()) {
                timers.arm(TimerKind.MASTER_DOWN, wait);
                return;
            }
        }
        if (silence.expired(event, state)) {
            counters.masterDownExpired++;
        }
        Transition t = machine.handle(state, event, scheduler.nanoTime());
        silence.handled(event, t);
        state = t.state();
        for (Action a : t.actions()) {
            perform(a);
        }
    }

    /**
     * A timer fired; in a sync group, a Backup takes over only when its group lets it (else it waits). Before a
     * Backup acts on its Master_Down_Timer it reads what is queued on its socket: an advert that arrived before the
     * deadline resets the timer (re-arms it), as it would have had the loop read it first.
     */
    private void onTimer(TimerKind kind) {
        if (kind == TimerKind.MASTER_DOWN && state.state() == VrrpState.BACKUP && binding.drainPending() > 0
                && (timers.isArmed(TimerKind.MASTER_DOWN) || state.state() != VrrpState.BACKUP)) {
            return;
        }
        if (kind != TimerKind.MASTER_DOWN || state.state() != VrrpState.BACKUP || sync.mayBecomeMaster(config.name())) {
            handle(kind.firedEvent(), "timer " + kind);
        }
    }

    /** Joins (or, with {@link SyncHooks#NONE}, leaves) a sync group; protocol thread. */
    public void syncHooks(SyncHooks hooks) {
        this.sync = Objects.requireNonNull(hooks, "hooks");
    }

    private void perform(Action action) {
        if (action instanceof Action.SendAdvert s) {
            sender.sendAdvert(wire, ah, config.name(), s.priority());
        } else if (action instanceof Action.ArmTimer a) {
            sync.masterWishWithdrawn(config.name()); // waiting again (a Master's ADVER: it wants nothing)
            timers.arm(a.kind(), a.delay());
        } else if (action instanceof Action.CancelTimer c) {
            timers.cancel(c.kind());
        } else if (action instanceof Action.AddVips) {
            active.addVips(config);
        } else if (action instanceof Action.RemoveVips) {
            active.removeVips(config);
        } else if (action instanceof Action.SendGratuitous) {
            active.announce();
        } else if (action instanceof Action.Notify n) {
            onStateChange(n);
        }
    }

    private void onStateChange(Action.Notify n) {
        counters.transitions++;
        if (n.to() == VrrpState.MASTER) {
            counters.becameMaster++;
            if (ah.isPresent()) { // no method reference to bootstrap at a takeover
                ah.get().becomingMaster();
            }
            master = new MasterInfo(binding.source(), state.priority(), wire.intervalCs());
        } else if (n.from() == VrrpState.MASTER || n.to() != VrrpState.BACKUP) {
            master = null;
        }
        if (n.from() == VrrpState.MASTER && n.to() != VrrpState.INITIALIZE) { // Backup (its group's word), Fault
            active.leftActive();
        }
        since = Instant.now();
        lastTransition = new LastTransition(n.from(), n.to(), n.reason(), since);
        LOG.info("{}: {} -> {} ({}), priority {}", config.name(), n.from(), n.to(), n.reason(), state.priority());
        listener.onTransition(this, n.from(), n.to(), n.reason());
    }

    /**
     * A packet from the transport, received at {@code receivedAt} (monotonic): validated by the codec, then judged
     * by the state machine; a timer it arms counts from its receipt.
     */
    void onPacket(IpEnvelope envelope, byte[] payload, long receivedAt) {
        if (stopped) {
            return;
        }
        timers.receivedAt(receivedAt);
        try {
            receiver.onPacket(envelope, payload, expectations, ah);
        } finally {
            timers.receivedAt(InstanceTimers.NO_PACKET);
        }
    }

    /** The master the receive path now waits on (null: none heard, or it just left). */
    void heardMaster(MasterInfo heard) {
        master = heard;
    }

    /** Replaces the kernel's neighbour table (tests); call before {@link #start()}. */
    void neighbourTable(NeighbourTable table) {
        this.neighbours = table;
    }

    /**
     * The one place the tracker's output reaches the state machine: {@code PriorityChanged} when the effective
     * priority moved, then {@code FaultRaised} (the fault set's reasons) or {@code FaultCleared} when the fault set
     * changed. Idempotent; before {@link #start()} it waits: start() applies what the tracker has by then.
     */
    private void applyTracking(PriorityBreakdown b) {
        if (state == null) {
            return;
        }
        if (!config.isOwner() && b.effective() != state.priority()) {
            expectations = wire.expectations(b.effective());
            handle(new Event.PriorityChanged(b.effective()), "priority");
            if (state.state() == VrrpState.MASTER && master != null) {
                master = new MasterInfo(binding.source(), state.priority(), master.adverIntervalCs());
            }
        }
        String reason = b.faultReason();
        if (!Objects.equals(reason, state.faultReason())) {
            handle(reason == null ? new Event.FaultCleared() : new Event.FaultRaised(reason), "fault");
        }
        sync.trackingApplied(config.name(), b);
    }

    /** What the instance tracks (checks, tracked interfaces, its link, maintenance), folded into one priority. */
    public InstanceTracking tracking() {
        return tracking;
    }

    /** The interface's link state, from rtnetlink. */
    public void linkChanged(boolean up) {
        if (binding.reopenPending()) {
            reopen();
            return;
        }
        tracking.reportNow(Tracked.link(config.interfaceName(), primaryUp(up)));
    }

    /** The own link as tracked: always up with {@code track_primary: false} (keepalived's dont_track_primary). */
    private boolean primaryUp(boolean up) {
        return up || !config.trackOptions().trackPrimary();
    }

    /**
     * Maintenance on: hand the VIPs over (a Master sends priority 0, so the Backup takes over after Skew_Time)
     * and stay out of the election until turned off, like a keepalived weight-0 tracker (Fault state).
     */
    public void maintenance(boolean on) {
        tracking.reportNow(Tracked.maintenance(on));
    }

    /**
     * The configured interface exists again under a new index (deleted and re-created): the socket is reopened on
     * the new one as soon as the interface has its address. Until then the router stays in Fault (it went there
     * when the link was removed).
     */
    public void interfaceReappeared(int newIfIndex) {
        if (!stopped && binding.interfaceReappeared(newIfIndex)) {
            reopen();
        }
    }

    /**
     * A link was deleted. If it was this router's virtual MAC interface (deleted by hand; the parent is still
     * there), it is created again with its socket, and while Active the VIPs go back on it and are announced.
     */
    public void linkRemoved(int deletedIfIndex) {
        if (stopped || !binding.isVirtualMac(deletedIfIndex) || !binding.recreateVirtualMac()) {
            return;
        }
        if (state.state() == VrrpState.MASTER) {
            active.virtualMacRecreated(config);
        }
    }

    /** An address appeared on some interface: what a reopen, or an instance without a source, may wait for. */
    public void addressAdded(int ifindex) {
        if (binding.reopenPending() && ifindex == binding.ifIndex()) {
            reopen();
        } else if (binding.sourceLost() && ifindex == binding.ifIndex() && !stopped) {
            binding.chooseSourceAgain();
        }
        sourceFound();
    }

    /** Started without a source (in Fault): once there is one, the election uses it and the Fault ends. */
    private void sourceFound() {
        if (!sourceFault || stopped || binding.sourceLost()) {
            return;
        }
        sourceFault = false;
        LOG.info("{}: {} has {} to advertise from now", config.name(), config.interfaceName(),
                Addresses.text(binding.source()));
        machine = new VrrpStateMachine(wire.fsmConfig(binding.source())); // in Fault: no election under way
        tracking.replace(Map.of(Tracked.Kind.SOURCE, List.of()));
        tracking.applyNow();
    }

    private void reopen() {
        if (!stopped) {
            binding.reopen().ifPresent(this::linkChanged);
        }
    }

    /** A VIP disappeared from the interface: restore it while Master (someone removed it by hand). */
    public void addressRemoved(int ifindex, InetAddress address) {
        if (!stopped) {
            binding.addressRemoved(ifindex, address); // the advert source: choose again
        }
        if (ifindex == binding.vipIfIndex() && state.state() == VrrpState.MASTER) {
            active.addressRemoved(config, address);
        }
    }

    /**
     * A reload that keeps this router (same identity, see {@code ConfigDiff.Change.needsNewRouter}): the new
     * settings apply without a state change. A Master keeps its VIPs, adds the new ones and announces them,
     * removes the dropped ones, and advertises a new interval at once; a new base priority goes through the
     * tracking (with the checks' weights), so the next advert carries it. Nothing is handed over.
     */
    public void reconfigure(InstanceConfig next) throws IOException {
        InstanceConfig before = config;
        VrrpConfig previous = machine.config();
        InstanceWire nextWire = new InstanceWire(next);
        binding.reconfigure(next, nextWire); // throws before anything changed when the source is gone
        ah = before.authentication().equals(next.authentication()) ? ah : AhSession.of(next); // new key: from 0
        config = next;
        wire = nextWire;
        preflight.reconfigure(next);
        machine = new VrrpStateMachine(wire.fsmConfig(binding.source()));
        handle(new Event.Reconfigured(previous), "reload");
        tracking.rebase(next.priority());
        tracking.applyNow(); // a new base priority: PriorityChanged now, so the next advert carries it
        expectations = wire.expectations(state.priority());
        active.reconfigure(before, next, neighbours, state.state());
    }

    /** Leaves gracefully: priority-0 advert if Master, VIPs removed, socket closed (RFC 9568 Shutdown). */
    public void stop() {
        if (stopped) {
            return;
        }
        handle(new Event.Shutdown(), "shutdown");
        stopped = true;
        timers.cancelAll();
        preflight.stopped();
        active.stop();
        binding.close();
    }

    public InstanceConfig config() {
        return config;
    }

    public VrrpState state() {
        return state.state();
    }

    public int effectivePriority() {
        return state.priority();
    }

    public int ifIndex() {
        return binding.ifIndex();
    }

    public InetAddress sourceAddress() {
        return binding.source();
    }

    public Optional<MasterInfo> master() {
        return Optional.ofNullable(master);
    }

    public Instant since() {
        return since;
    }

    public Optional<LastTransition> lastTransition() {
        return Optional.ofNullable(lastTransition);
    }

    public InstanceCounters.Snapshot counters() {
        return counters.snapshot(binding.refusedPackets());
    }

    /** The peer preflight: the census and the hold. */
    PreflightGate preflight() {
        return preflight;
    }

    public String faultReason() {
        return state.faultReason();
    }

    public int basePriority() {
        return config.priority();
    }

    Set<String> dropReasons() {
        return counters.snapshot().drops().keySet();
    }
}
