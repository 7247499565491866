package org.vrrpd.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VirtualAddress;
import org.vrrpd.control.Caller;
import org.vrrpd.control.ControlException;
import org.vrrpd.control.ControlService;
import org.vrrpd.daemon.instance.InstanceCounters;
import org.vrrpd.daemon.instance.InstanceDriver;
import org.vrrpd.status.BuildVersion;
import org.vrrpd.status.CheckReport;
import org.vrrpd.status.ChecksReply;
import org.vrrpd.status.ChecksView;
import org.vrrpd.status.CounterStatus;
import org.vrrpd.status.HistoryReply;
import org.vrrpd.status.InstanceStatus;
import org.vrrpd.status.LastTransition;
import org.vrrpd.status.MaintenanceReply;
import org.vrrpd.status.MasterStatus;
import org.vrrpd.status.PriorityContribution;
import org.vrrpd.status.PriorityStatus;
import org.vrrpd.status.StatusReply;
import org.vrrpd.status.StatusSource;
import org.vrrpd.status.VersionReply;
import org.vrrpd.wire.Addresses;

/**
 * What the control socket and the metrics endpoint serve from a running daemon, as the records of
 * {@code org.vrrpd.status} (the control socket writes them as JSON). Status and history are snapshots taken on
 * the protocol thread; the checks come from the check runtime.
 */
public final class DaemonControl implements ControlService, StatusSource {

    private static final Set<String> READS = Set.of("status", "checks", "history", "version");
    private static final Set<String> CHANGES = Set.of("maintenance", "reload");

    private final Daemon daemon;
    private final ReloadAction reloader;
    private volatile ChecksView checks = ChecksView.NONE;

    public DaemonControl(Daemon daemon, ReloadAction reloader) {
        this.daemon = daemon;
        this.reloader = reloader;
    }

    /** Where the checks' reports come from ({@code checks}, and the priority breakdown in {@code status}). */
    public void checksView(ChecksView view) {
        this.checks = view;
    }

    @Override
    public boolean mutates(String command) {
        return CHANGES.contains(command);
    }

    @Override
    public boolean knows(String command) {
        return READS.contains(command) || CHANGES.contains(command);
    }

    @Override
    public CompletionStage<?> handle(String command, JsonNode args, Caller caller) {
        try {
            String instance = args.hasNonNull("instance") ? args.get("instance").asText() : null;
            return CompletableFuture.completedFuture(switch (command) {
                case "status" -> daemon.onLoop(() -> status(instance));
                case "checks" -> new ChecksReply(checks.checks(instance));
                case "history" -> daemon.onLoop(() -> history(instance, args.path("last").asInt(20)));
                case "version" -> version();
                case "maintenance" -> maintenance(args, instance);
                case "reload" -> reloader.reload();
                default -> throw new ControlException("unknown_command", "unknown command '" + command + "'");
            });
        } catch (ControlException e) {
            return CompletableFuture.failedFuture(e);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(new ControlException("failed", String.valueOf(e.getMessage())));
        }
    }

    /** The status of every instance, taken on the protocol thread (for the metrics endpoint). */
    @Override
    public StatusReply status() throws Exception {
        return daemon.onLoop(() -> status(null));
    }

    @Override
    public ChecksReply checks() {
        return new ChecksReply(checks.checks(null));
    }

    private MaintenanceReply maintenance(JsonNode args, String instance) throws Exception {
        if (!args.has("on") || !args.get("on").isBoolean()) {
            throw new ControlException("bad_request", "maintenance needs \"on\": true or false");
        }
        List<String> names = daemon.setMaintenance(args.get("on").asBoolean(), instance);
        if (names.isEmpty()) {
            throw new ControlException("not_found", "no instance named '" + instance + "'");
        }
        return new MaintenanceReply(names);
    }

    private VersionReply version() {
        return new VersionReply(BuildVersion.string(), ProcessHandle.current().pid(), uptimeMs());
    }

    private long uptimeMs() {
        return Duration.between(daemon.started(), Instant.now()).toMillis();
    }

    /** Built on the protocol thread. */
    StatusReply status(String only) {
        List<InstanceStatus> list = new ArrayList<>();
        for (InstanceDriver d : daemon.drivers().values()) {
            if (only == null || d.config().name().equals(only)) {
                list.add(instance(d));
            }
        }
        return new StatusReply(BuildVersion.string(), ProcessHandle.current().pid(), uptimeMs(),
                daemon.configPath().toString(), daemon.lastConfigError(), list);
    }

    private InstanceStatus instance(InstanceDriver d) {
        InstanceConfig c = d.config();
        MasterStatus master = d.master().map(m -> new MasterStatus(Addresses.text(m.address()), m.priority(),
                m.adverIntervalCs(), m.address().equals(d.sourceAddress()))).orElse(null);
        LastTransition last = d.lastTransition().map(t -> new LastTransition(t.from(), t.to(), t.reason(), t.at()))
                .orElse(null);
        return new InstanceStatus(c.name(), c.interfaceName(), c.vmacInterface().orElse(null), c.vrid(),
                c.family().name().toLowerCase(), c.version(), d.state(), d.since(),
                Duration.between(d.since(), Instant.now()).toMillis(), daemon.inMaintenance(c.name()),
                Addresses.text(d.sourceAddress()), priority(d), master,
                c.virtualAddresses().stream().map(VirtualAddress::cidr).toList(), last, counters(d.counters()));
    }

    private PriorityStatus priority(InstanceDriver d) {
        InstanceConfig c = d.config();
        List<PriorityContribution> contributions = new ArrayList<>();
        int raw = d.basePriority();
        for (CheckReport r : checks.checks(c.name())) {
            contributions.add(new PriorityContribution(r.name(), r.up(), r.delta()));
            raw += r.delta();
        }
        boolean clamped = !c.isOwner() && (raw < 1 || raw > 254); // vrrpctl status prints "(clamped to 1..254)"
        List<String> faults = d.faultReason() == null ? List.of() : List.of(d.faultReason());
        return new PriorityStatus(d.basePriority(), d.effectivePriority(), c.isOwner(), contributions, clamped,
                faults);
    }

    private static CounterStatus counters(InstanceCounters.Snapshot s) {
        return new CounterStatus(s.advertsSent(), s.advertsReceived(), s.priorityZeroSent(),
                s.priorityZeroReceived(), s.transitions(), s.becameMaster(), s.sendErrors(), s.vipRestored(),
                new TreeMap<>(s.drops()), new TreeMap<>(s.observations()));
    }

    private HistoryReply history(String only, int last) {
        return new HistoryReply(daemon.history().recent(only, Math.max(1, Math.min(last, 1000))));
    }
}
