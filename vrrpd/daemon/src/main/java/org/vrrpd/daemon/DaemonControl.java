package org.vrrpd.daemon;

import org.vrrpd.wire.Addresses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.vrrpd.config.VirtualAddress;
import org.vrrpd.filter.KernelFilter;
import org.vrrpd.control.Caller;
import org.vrrpd.control.ControlException;
import org.vrrpd.control.ControlProtocol;
import org.vrrpd.control.ControlService;
import org.vrrpd.ctl.Version;

/**
 * What the control socket serves from a running daemon. Reads are snapshots taken on the protocol thread;
 * the JSON is the document {@code vrrpctl status --json} prints.
 */
public final class DaemonControl implements ControlService {

    private static final Set<String> READS = Set.of("status", "checks", "history", "version");
    private static final Set<String> CHANGES = Set.of("maintenance", "reload");

    /** Reloads the configuration; returns the diff summary or throws with the file:line reason. */
    @FunctionalInterface
    public interface Reloader {
        JsonNode reload() throws ControlException;
    }

    private final Daemon daemon;
    private final Reloader reloader;
    private volatile ChecksView checks = ChecksView.NONE;

    public DaemonControl(Daemon daemon, Reloader reloader) {
        this.daemon = daemon;
        this.reloader = reloader;
    }

    /** Supplies the checks' JSON (from the check runtime) for {@code checks} and the priority breakdown. */
    public interface ChecksView {
        ChecksView NONE = instance -> ControlProtocol.JSON.createArrayNode();

        ArrayNode checks(String instanceOrNull);
    }

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
    public CompletionStage<JsonNode> handle(String command, JsonNode args, Caller caller) {
        try {
            String instance = args.hasNonNull("instance") ? args.get("instance").asText() : null;
            switch (command) {
                case "status":
                    return done(daemon.onLoop(() -> status(instance)));
                case "checks": {
                    ObjectNode n = ControlProtocol.JSON.createObjectNode();
                    n.set("checks", checks.checks(instance));
                    return done(n);
                }
                case "history":
                    return done(daemon.onLoop(() -> history(instance, args.path("last").asInt(20))));
                case "version":
                    return done(version());
                case "maintenance": {
                    if (!args.has("on") || !args.get("on").isBoolean()) {
                        throw new ControlException("bad_request", "maintenance needs \"on\": true or false");
                    }
                    var names = daemon.setMaintenance(args.get("on").asBoolean(), instance);
                    if (names.isEmpty()) {
                        throw new ControlException("not_found", "no instance named '" + instance + "'");
                    }
                    ObjectNode n = ControlProtocol.JSON.createObjectNode();
                    ArrayNode a = n.putArray("instances");
                    names.forEach(a::add);
                    return done(n);
                }
                case "reload":
                    return done(reloader.reload());
                default:
                    throw new ControlException("unknown_command", "unknown command '" + command + "'");
            }
        } catch (ControlException e) {
            return CompletableFuture.failedFuture(e);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(new ControlException("failed", String.valueOf(e.getMessage())));
        }
    }

    private static CompletionStage<JsonNode> done(JsonNode n) {
        return CompletableFuture.completedFuture(n);
    }

    private ObjectNode version() {
        ObjectNode n = ControlProtocol.JSON.createObjectNode();
        n.put("version", Version.string());
        n.put("pid", ProcessHandle.current().pid());
        n.put("uptimeMs", Duration.between(daemon.started(), Instant.now()).toMillis());
        return n;
    }

    /** Built on the protocol thread. */
    ObjectNode status(String only) {
        ObjectNode root = version();
        root.put("config", daemon.configPath().toString());
        if (daemon.lastConfigError() == null) {
            root.putNull("configError");
        } else {
            root.put("configError", daemon.lastConfigError());
        }
        KernelFilter.Status f = daemon.filter().status();
        ObjectNode kf = root.putObject("kernelFilter");
        kf.put("table", f.table());
        kf.put("vrrpGuard", f.vrrpGuard());
        kf.put("guardDrops", f.guardDrops());
        kf.put("acceptModeDrops", f.acceptModeDrops());
        ArrayNode fv = kf.putArray("filteredVips");
        f.filteredVips().forEach(a -> fv.add(Addresses.text(a)));
        ArrayNode list = root.putArray("instances");
        for (InstanceDriver d : daemon.drivers().values()) {
            if (only == null || d.config().name().equals(only)) {
                list.add(instance(d));
            }
        }
        return root;
    }

    private ObjectNode instance(InstanceDriver d) {
        var c = d.config();
        ObjectNode n = ControlProtocol.JSON.createObjectNode();
        n.put("name", c.name());
        n.put("interface", c.interfaceName());
        c.vmacInterface().ifPresent(v -> n.put("vmacInterface", v));
        n.put("vrid", c.vrid());
        n.put("family", c.family().name().toLowerCase());
        n.put("version", c.version());
        n.put("state", d.state().name());
        n.put("since", d.since().toString());
        n.put("inStateMs", Duration.between(d.since(), Instant.now()).toMillis());
        n.put("maintenance", daemon.inMaintenance(c.name()));
        n.put("source", Addresses.text(d.sourceAddress()));
        ObjectNode prio = n.putObject("priority");
        prio.put("base", d.basePriority());
        prio.put("effective", d.effectivePriority());
        prio.put("owner", c.isOwner());
        prio.set("contributions", contributions(c.name()));
        int raw = d.basePriority();
        for (JsonNode e : prio.path("contributions")) {
            raw += e.path("delta").asInt();
        }
        prio.put("clamped", !c.isOwner() && (raw < 1 || raw > 254)); // vrrpctl status prints "(clamped to 1..254)"
        ArrayNode faults = prio.putArray("faults");
        if (d.faultReason() != null) {
            faults.add(d.faultReason());
        }
        var master = d.master();
        if (master.isPresent()) {
            ObjectNode m = n.putObject("master");
            m.put("address", Addresses.text(master.get().address()));
            m.put("priority", master.get().priority());
            m.put("adverIntervalCs", master.get().adverIntervalCs());
            m.put("self", master.get().address().equals(d.sourceAddress()));
        } else {
            n.putNull("master");
        }
        ArrayNode vips = n.putArray("vips");
        for (VirtualAddress v : c.virtualAddresses()) {
            vips.add(v.cidr());
        }
        var last = d.lastTransition();
        if (last.isPresent()) {
            ObjectNode t = n.putObject("lastTransition");
            t.put("from", last.get().from().name());
            t.put("to", last.get().to().name());
            t.put("reason", last.get().reason());
            t.put("at", last.get().at().toString());
        } else {
            n.putNull("lastTransition");
        }
        InstanceCounters.Snapshot s = d.counters();
        ObjectNode counters = n.putObject("counters");
        counters.put("advertsSent", s.advertsSent());
        counters.put("advertsReceived", s.advertsReceived());
        counters.put("priorityZeroSent", s.priorityZeroSent());
        counters.put("priorityZeroReceived", s.priorityZeroReceived());
        counters.put("transitions", s.transitions());
        counters.put("becameMaster", s.becameMaster());
        counters.put("sendErrors", s.sendErrors());
        counters.put("vipRestored", s.vipRestored());
        ObjectNode drops = counters.putObject("drops");
        for (Map.Entry<String, Long> e : s.drops().entrySet()) {
            drops.put(e.getKey(), e.getValue());
        }
        ObjectNode obs = counters.putObject("observations");
        for (Map.Entry<String, Long> e : s.observations().entrySet()) {
            obs.put(e.getKey(), e.getValue());
        }
        return n;
    }

    private ArrayNode contributions(String instance) {
        ArrayNode out = ControlProtocol.JSON.createArrayNode();
        for (JsonNode c : checks.checks(instance)) {
            ObjectNode e = out.addObject();
            e.put("check", c.path("name").asText());
            e.put("up", c.path("up").asBoolean());
            e.put("delta", c.path("delta").asInt());
        }
        return out;
    }

    private ObjectNode history(String only, int last) {
        ObjectNode root = ControlProtocol.JSON.createObjectNode();
        ArrayNode list = root.putArray("transitions");
        for (TransitionHistory.Entry e : daemon.history().recent(only, Math.max(1, Math.min(last, 1000)))) {
            ObjectNode t = list.addObject();
            t.put("at", e.at().toString());
            t.put("instance", e.instance());
            t.put("from", e.from().name());
            t.put("to", e.to().name());
            t.put("priority", e.priority());
            t.put("reason", e.reason());
        }
        return root;
    }
}
