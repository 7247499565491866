package org.vrrpd.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.vrrpd.control.Caller;
import org.vrrpd.control.ControlException;
import org.vrrpd.control.ControlService;
import org.vrrpd.daemon.instance.InstanceDriver;
import org.vrrpd.daemon.instance.InstanceStatuses;
import org.vrrpd.daemon.instance.PreflightReports;
import org.vrrpd.filter.KernelFilter;
import org.vrrpd.status.BuildVersion;
import org.vrrpd.status.ChecksReply;
import org.vrrpd.status.ChecksView;
import org.vrrpd.status.HistoryReply;
import org.vrrpd.status.InstancePreflight;
import org.vrrpd.status.InstanceStatus;
import org.vrrpd.status.KernelFilterStatus;
import org.vrrpd.status.MaintenanceReply;
import org.vrrpd.status.PreflightReply;
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

    private static final Set<String> READS = Set.of("status", "checks", "history", "version", "preflight");
    /** The longest {@code vrrpctl preflight --for}. */
    static final long MAX_PREFLIGHT_MS = 600_000;
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
            if (command.equals("preflight")) {
                return preflight(instance, args.path("for_ms").asLong(0));
            }
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
        Instant now = Instant.now();
        List<InstanceStatus> list = new ArrayList<>();
        for (InstanceDriver d : daemon.drivers().values()) {
            String name = d.config().name();
            if (only == null || name.equals(only)) {
                list.add(InstanceStatuses.of(d, daemon.inMaintenance(name), checks.checks(name), now));
            }
        }
        KernelFilter.Status f = daemon.filter().status();
        KernelFilterStatus filter = new KernelFilterStatus(f.table(), f.vrrpGuard(), f.guardDrops(),
                f.acceptModeDrops(), f.filteredVips().stream().map(Addresses::text).toList());
        return new StatusReply(BuildVersion.string(), ProcessHandle.current().pid(), uptimeMs(),
                daemon.configPath().toString(), daemon.lastConfigError(), filter, list,
                daemon.sync().status(name -> only == null || name.equals(only)));
    }

    /**
     * What each instance's segment speaks: with {@code forMs} 0 the peers present now (heard within the preflight's
     * presence window); otherwise the reply comes after {@code forMs} with the peers heard during that time.
     */
    private CompletionStage<PreflightReply> preflight(String only, long forMs) throws Exception {
        if (forMs < 0 || forMs > MAX_PREFLIGHT_MS) {
            throw new ControlException("bad_request", "preflight 'for_ms' must be 0.." + MAX_PREFLIGHT_MS);
        }
        if (only != null && daemon.onLoop(() -> !daemon.drivers().containsKey(only))) {
            throw new ControlException("not_found", "no instance named '" + only + "'");
        }
        if (forMs == 0) {
            return CompletableFuture.completedFuture(daemon.onLoop(() -> preflightReply(only, null)));
        }
        Duration window = Duration.ofMillis(forMs);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return daemon.onLoop(() -> preflightReply(only, window));
            } catch (IOException e) {
                throw new CompletionException(new ControlException("failed", String.valueOf(e.getMessage())));
            }
        }, CompletableFuture.delayedExecutor(forMs, TimeUnit.MILLISECONDS));
    }

    /** Built on the protocol thread; a null window is each instance's presence window. */
    private PreflightReply preflightReply(String only, Duration window) {
        List<InstancePreflight> list = new ArrayList<>();
        for (InstanceDriver d : daemon.drivers().values()) {
            if (only == null || d.config().name().equals(only)) {
                list.add(PreflightReports.of(d, window == null ? PreflightReports.presence(d) : window));
            }
        }
        return new PreflightReply(list);
    }

    private HistoryReply history(String only, int last) {
        return new HistoryReply(daemon.history().recent(only, Math.max(1, Math.min(last, 1000))));
    }
}
