package org.vrrpd.daemon.instance;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VirtualAddress;
import org.vrrpd.daemon.loop.ProtocolScheduler;
import org.vrrpd.daemon.loop.RateLimitedLog;
import org.vrrpd.daemon.track.InstanceTracking;
import org.vrrpd.daemon.track.PriorityBreakdown;
import org.vrrpd.daemon.track.Tracked;
import org.vrrpd.daemon.vip.NeighbourTable;
import org.vrrpd.daemon.vip.VipAnnouncements;
import org.vrrpd.daemon.vip.VipTable;
import org.vrrpd.fsm.Action;
import org.vrrpd.fsm.Event;
import org.vrrpd.fsm.RouterState;
import org.vrrpd.fsm.Transition;
import org.vrrpd.fsm.VrrpConfig;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.fsm.VrrpStateMachine;
import org.vrrpd.net.VrrpEndpoint;
import org.vrrpd.net.VrrpTransport;
import org.vrrpd.status.LastTransition;
import org.vrrpd.wire.AcceptedAdvertisement;
import org.vrrpd.wire.Addresses;
import org.vrrpd.wire.IpEnvelope;
import org.vrrpd.wire.ReceiveExpectations;
import org.vrrpd.wire.VrrpAdvertisement;

/**
 * One virtual router on the protocol thread: feeds events to the pure state machine and carries out the
 * actions it returns — adverts through the transport, timers through the scheduler, VIPs through rtnetlink,
 * gratuitous announcements, and notifications. Every method must be called on the protocol thread.
 */
public final class InstanceDriver {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceDriver.class);

    private InstanceConfig config;
    private final ProtocolScheduler scheduler;
    private final VrrpTransport transport;
    private final VipTable vips;
    private final TransitionListener listener;
    private final InstanceCounters counters = new InstanceCounters();
    private final MasterSilence silence = new MasterSilence();
    private final InstanceTimers timers;
    private final RateLimitedLog dropLog;
    private final InstanceTracking tracking;
    private InstanceWire wire;
    private final AdvertIntake intake;

    private final InterfaceBinding binding;

    private VrrpStateMachine machine;
    private RouterState state;
    private VipAnnouncements announcer;
    private NeighbourTable neighbours = NeighbourTable.LINUX;
    private ReceiveExpectations expectations;
    private MasterInfo master;
    private Instant since = Instant.now();
    private LastTransition lastTransition;
    private boolean stopped;

    /** The master this router last heard (or itself while Master). */
    public record MasterInfo(InetAddress address, int priority, int adverIntervalCs) {
    }

    public InstanceDriver(InstanceConfig config, ProtocolScheduler scheduler, VrrpTransport transport,
                          VipTable vips, TransitionListener listener) {
        this.config = config;
        this.scheduler = scheduler;
        this.transport = transport;
        this.vips = vips;
        this.listener = listener;
        this.timers = new InstanceTimers(scheduler, kind -> handle(kind.firedEvent(), "timer " + kind));
        this.dropLog = new RateLimitedLog(LOG, scheduler, 10_000_000_000L);
        this.tracking = new InstanceTracking(config.priority(), scheduler::execute, this::applyTracking);
        this.wire = new InstanceWire(config);
        this.intake = new AdvertIntake(config.name(), counters, dropLog);
        this.binding = new InterfaceBinding(config, transport, vips, wire, this::onPacket);
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
        binding.open();
        announcer = new VipAnnouncements(config, scheduler, transport, neighbours, binding::vipIfIndex,
                binding::vipMac, binding::source);
        // the priority and faults tracked so far (checks report before start()), with the link: before Startup,
        // so a fault makes Startup enter Fault directly
        tracking.reportNow(Tracked.link(config.interfaceName(), binding.linkUp()));
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

    private void perform(Action action) {
        if (action instanceof Action.SendAdvert s) {
            sendAdvert(s.priority());
        } else if (action instanceof Action.ArmTimer a) {
            timers.arm(a.kind(), a.delay());
        } else if (action instanceof Action.CancelTimer c) {
            timers.cancel(c.kind());
        } else if (action instanceof Action.AddVips) {
            vips.add(config, binding.vipIfIndex());
        } else if (action instanceof Action.RemoveVips) {
            announcer.stop();
            vips.remove(config, binding.vipIfIndex());
        } else if (action instanceof Action.SendGratuitous) {
            announcer.announce();
        } else if (action instanceof Action.Notify n) {
            onStateChange(n);
        }
    }

    private void onStateChange(Action.Notify n) {
        counters.transitions++;
        if (n.to() == VrrpState.MASTER) {
            counters.becameMaster++;
            master = new MasterInfo(binding.source(), state.priority(), wire.intervalCs());
        } else if (n.from() == VrrpState.MASTER || n.to() != VrrpState.BACKUP) {
            master = null;
        }
        since = Instant.now();
        lastTransition = new LastTransition(n.from(), n.to(), n.reason(), since);
        LOG.info("{}: {} -> {} ({}), priority {}", config.name(), n.from(), n.to(), n.reason(), state.priority());
        listener.onTransition(this, n.from(), n.to(), n.reason());
    }

    private void sendAdvert(int priority) {
        VrrpAdvertisement ad = wire.advert(priority);
        VrrpEndpoint endpoint = binding.endpoint();
        InetAddress source = binding.source();
        for (InetAddress dst : endpoint.spec().destinations()) {
            try {
                endpoint.send(ad.encode(source, dst, wire.checksumMode()), dst, source);
                counters.advertsSent++;
                if (priority == 0) {
                    counters.priorityZeroSent++;
                }
            } catch (IOException | RuntimeException e) {
                counters.sendErrors++;
                dropLog.warn("send_error", "{}: cannot send advert to {}: {}", config.name(), Addresses.text(dst),
                        e.getMessage());
            }
        }
    }

    /** A packet from the transport: validated by the codec, then judged by the state machine. */
    void onPacket(IpEnvelope envelope, byte[] payload) {
        if (stopped) {
            return;
        }
        AcceptedAdvertisement a = intake.accept(envelope, payload, expectations, binding.source());
        if (a == null) {
            return;
        }
        VrrpAdvertisement ad = a.advertisement();
        VrrpState before = state.state();
        handle(new Event.AdvertReceived(envelope.source(), ad.priority(), ad.maxAdverIntervalCentis()),
                "advert");
        announcer.afterAdvert(envelope.source(), ad.priority(), before, state.state(), state.priority());
        if (state.state() == VrrpState.BACKUP) {
            // the master is whoever we are waiting on now; a priority-0 sender has just left
            master = ad.priority() == 0 ? null
                    : new MasterInfo(envelope.source(), ad.priority(), ad.maxAdverIntervalCentis());
        }
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
        tracking.reportNow(Tracked.link(config.interfaceName(), up));
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
            vips.add(config, binding.vipIfIndex());
            announcer.announce();
        }
    }

    /** An address appeared on some interface: what a reopen may be waiting for. */
    public void addressAdded(int ifindex) {
        if (binding.reopenPending() && ifindex == binding.ifIndex()) {
            reopen();
        }
    }

    private void reopen() {
        if (!stopped) {
            binding.reopen().ifPresent(this::linkChanged);
        }
    }

    /** A VIP disappeared from the interface: restore it while Master (someone removed it by hand). */
    public void addressRemoved(int ifindex, InetAddress address) {
        if (ifindex != binding.vipIfIndex() || state.state() != VrrpState.MASTER) {
            return;
        }
        for (VirtualAddress v : config.virtualAddresses()) {
            if (v.address().equals(address)) {
                LOG.warn("{}: VIP {} was removed from {} while Master; restoring it", config.name(), v.cidr(),
                        config.interfaceName());
                counters.vipRestored++;
                vips.add(config, binding.vipIfIndex());
                announcer.announce();
                return;
            }
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
        config = next;
        wire = nextWire;
        machine = new VrrpStateMachine(wire.fsmConfig(binding.source()));
        handle(new Event.Reconfigured(previous), "reload");
        tracking.rebase(next.priority());
        tracking.applyNow(); // a new base priority: PriorityChanged now, so the next advert carries it
        expectations = wire.expectations(state.priority());
        announcer.stop();
        announcer = new VipAnnouncements(config, scheduler, transport, neighbours, binding::vipIfIndex,
                binding::vipMac, binding::source);
        List<VirtualAddress> added = new ArrayList<>(next.virtualAddresses());
        added.removeAll(before.virtualAddresses());
        List<VirtualAddress> dropped = new ArrayList<>(before.virtualAddresses());
        dropped.removeAll(next.virtualAddresses());
        LOG.info("{}: reloaded in place as {} ({} VIP(s) added, {} removed)", config.name(), state.state(),
                added.size(), dropped.size());
        if (state.state() == VrrpState.MASTER) {
            vips.remove(before.withVirtualAddresses(dropped), binding.vipIfIndex());
            vips.add(next.withVirtualAddresses(added), binding.vipIfIndex());
            if (!added.isEmpty()) {
                announcer.announce();
            }
        }
    }

    /** Leaves gracefully: priority-0 advert if Master, VIPs removed, socket closed (RFC 9568 Shutdown). */
    public void stop() {
        if (stopped) {
            return;
        }
        handle(new Event.Shutdown(), "shutdown");
        stopped = true;
        timers.cancelAll();
        announcer.stop();
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
