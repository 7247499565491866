package org.vrrpd.migrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a keepalived.conf (VRRP part) into a vrrpd YAML configuration. Everything that cannot be carried
 * over, or is carried over with a different meaning, produces one warning naming {@code file:line}; LVS
 * blocks ({@code virtual_server}) are skipped with one warning each. What cannot be converted at all (a missing
 * include, a duplicate instance name, nothing to import) is an error, also naming {@code file:line}; every error
 * of a run is reported, not only the first. The output is meant to be reviewed, then checked with
 * {@code vrrpd config check}.
 */
public final class KeepalivedImporter {

    /** The YAML text, the warnings and the errors, each in file order. */
    public record Result(String yaml, List<String> warnings, List<String> errors) {
        public Result {
            warnings = List.copyOf(new LinkedHashSet<>(warnings));
            errors = List.copyOf(new LinkedHashSet<>(errors));
        }

        public Result(String yaml, List<String> warnings) {
            this(yaml, warnings, List.of());
        }
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> LVS = Set.of("virtual_server", "virtual_server_group", "lvs_sync_daemon");
    private static final Set<String> TRACKERS = Set.of("vrrp_track_process", "vrrp_track_file", "track_file");

    final List<String> warnings;
    final List<String> errors;
    final List<KeepalivedNode> states = new ArrayList<>();
    final ArrayNode syncGroups = F.arrayNode();
    final Map<String, KeepalivedNode> scripts = new LinkedHashMap<>();
    final Map<String, KeepalivedNode> trackProcesses = new LinkedHashMap<>();
    final Map<String, KeepalivedNode> trackFiles = new LinkedHashMap<>();
    final GlobalDefaults defaults = new GlobalDefaults();

    /** What global_defs sets for every instance. */
    static final class GlobalDefaults {
        int version = 2;
        boolean strict;
        String scriptUser;
        final Map<String, String> garp = new LinkedHashMap<>();
    }

    private KeepalivedImporter(List<String> warnings, List<String> errors) {
        this.warnings = warnings;
        this.errors = errors;
    }

    /** Reads {@code file} (with its includes) and converts it, keeping no {@code @id} line. */
    public static Result convert(Path file) throws IOException {
        return convert(file, null);
    }

    /** As {@link #convert(Path)}; {@code configId} chooses {@code @id} lines as keepalived's --config-id. */
    public static Result convert(Path file, String configId) throws IOException {
        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<KeepalivedNode> nodes = KeepalivedParser.parse(file, configId, warnings, errors);
        String yaml = new KeepalivedImporter(warnings, errors).run(nodes, file.getFileName().toString());
        return new Result(yaml, warnings, errors);
    }

    /** Converts text; includes are resolved against {@code baseDir}. */
    public static Result convert(String text, String name, Path baseDir) {
        return convert(text, name, baseDir, null);
    }

    /** As {@link #convert(String, String, Path)} with a config id for {@code @id} lines. */
    public static Result convert(String text, String name, Path baseDir, String configId) {
        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<KeepalivedNode> nodes = KeepalivedParser.parse(text, name, baseDir, configId, warnings, errors);
        String yaml = new KeepalivedImporter(warnings, errors).run(nodes, name);
        return new Result(yaml, warnings, errors);
    }

    void error(KeepalivedNode n, String message) {
        errors.add(n.where() + ": " + message);
    }

    void warn(KeepalivedNode n, String message) {
        warnings.add(n.where() + ": " + message);
    }

    void unsupported(KeepalivedNode n, String context) {
        warn(n, "'" + n.keyword() + "'" + (context.isEmpty() ? "" : " in " + context)
                + " is not carried over (vrrpd has no equivalent)");
    }

    private String run(List<KeepalivedNode> nodes, String sourceName) {
        ObjectNode global = F.objectNode();
        for (KeepalivedNode n : nodes) {
            if (n.keyword().equals("global_defs")) {
                globalDefs(n, global);
            } else if (n.keyword().equals("vrrp_script")) {
                if (n.arg(0) == null) {
                    warn(n, "vrrp_script without a name ignored");
                } else {
                    scripts.put(n.arg(0), n);
                }
            } else if (TRACKERS.contains(n.keyword())) {
                if (n.arg(0) == null) {
                    warn(n, n.keyword() + " without a name ignored");
                } else {
                    (n.keyword().equals("vrrp_track_process") ? trackProcesses : trackFiles).put(n.arg(0), n);
                }
            }
        }
        ArrayNode instances = F.arrayNode();
        Map<String, KeepalivedNode> seen = new LinkedHashMap<>();
        List<String> grouped = groupedInstances(nodes);
        for (KeepalivedNode n : nodes) {
            switch (n.keyword()) {
                case "global_defs":
                case "vrrp_script":
                case "vrrp_track_process":
                case "vrrp_track_file":
                case "track_file":
                    break;
                case "vrrp_instance":
                    instance(n, seen, grouped, instances);
                    break;
                case "vrrp_sync_group":
                    break; // after every instance: SyncGroupConverter needs their converted names
                default:
                    if (LVS.contains(n.keyword())) {
                        warn(n, "LVS block '" + n.text() + "' skipped: vrrpd does VRRP only");
                    } else {
                        unsupported(n, "");
                    }
            }
        }
        if (instances.isEmpty() && seen.isEmpty()) {
            String where = nodes.stream().filter(n -> LVS.contains(n.keyword())).map(KeepalivedNode::where)
                    .findFirst().orElse(nodes.isEmpty() ? sourceName + ":1" : nodes.get(0).where());
            errors.add(where + ": nothing to import: no vrrp_instance. vrrpd does VRRP only; keepalived's LVS"
                    + " (virtual_server) and its checkers have no equivalent");
        }
        summariseStates(sourceName);
        Set<String> names = new LinkedHashSet<>();
        instances.forEach(i -> names.add(i.path("name").asText()));
        Set<String> taken = new LinkedHashSet<>();
        nodes.stream().filter(n -> n.keyword().equals("vrrp_sync_group")).map(n -> new SyncGroupConverter(this, n)
                .convert(names, taken)).filter(g -> g != null).forEach(syncGroups::add);
        ObjectNode root = F.objectNode();
        if (!global.isEmpty()) {
            root.set("global", global);
        }
        root.set("instances", instances);
        if (!syncGroups.isEmpty()) {
            root.set("sync_groups", syncGroups);
        }
        return "# Converted from " + sourceName + " by 'vrrpctl import-keepalived'.\n"
                + "# Review the warnings it printed, then run 'vrrpd config check' on this file.\n" + yaml(root);
    }

    /**
     * One vrrp_instance: a name used before is an error (keepalived refuses the second block too); VIPs of both
     * families become {@code NAME} and {@code NAME_6} joined by a sync group (or both in the instance's own).
     */
    private void instance(KeepalivedNode n, Map<String, KeepalivedNode> seen, List<String> grouped,
                          ArrayNode instances) {
        String name = n.arg(0);
        if (name != null && seen.containsKey(name)) {
            error(n, "vrrp_instance " + name + " already defined at " + seen.get(name).where() + " (keepalived"
                    + " refuses the second one too); rename one of them");
            return;
        }
        if (name != null) {
            seen.put(name, n);
        }
        if (name == null || !FamilySplit.isMixed(n)) {
            ObjectNode inst = new InstanceConverter(this, n).convert();
            if (inst != null) {
                instances.add(inst);
            }
            return;
        }
        String name6 = name + FamilySplit.SUFFIX;
        if (seen.containsKey(name6)) {
            error(n, "vrrp_instance " + name + " has IPv4 and IPv6 VIPs and would be split into " + name + " and "
                    + name6 + ", but " + name6 + " is defined at " + seen.get(name6).where());
            return;
        }
        seen.put(name6, n);
        ObjectNode v4 = new InstanceConverter(this, FamilySplit.part(n, false, name)).convert();
        ObjectNode v6 = new InstanceConverter(this, FamilySplit.part(n, true, name6)).convert();
        if (v4 == null || v6 == null) {
            return;
        }
        instances.add(v4);
        instances.add(v6);
        if (v6.path("unicast_peers").isMissingNode() && !v4.path("unicast_peers").isMissingNode()) {
            warn(n, v6.path("name").asText() + " has no IPv6 unicast peer: it advertises by multicast (ff02::12);"
                    + " add the peers' IPv6 addresses under unicast_peers if the segment needs unicast");
        }
        String names = v4.path("name").asText() + " (IPv4) and " + v6.path("name").asText() + " (IPv6)";
        if (grouped.contains(name)) {
            warn(n, "VIPs of both families: split into " + names + "; both join the instance's vrrp_sync_group");
        } else {
            ObjectNode group = syncGroups.addObject();
            group.put("name", v4.path("name").asText());
            group.putArray("members").add(v4.path("name").asText()).add(v6.path("name").asText());
            warn(n, "VIPs of both families: split into " + names + ", joined by sync group " + name + " so they"
                    + " move together. A keepalived peer advertises only the family of the first VIP ("
                    + (FamilySplit.isIpv6(n.children().stream().filter(c -> c.keyword().equals("virtual_ipaddress"))
                    .findFirst().orElseThrow().children().get(0).keyword()) ? "IPv6" : "IPv4") + ")");
        }
    }

    /** The instance names that vrrp_sync_group blocks list. */
    private static List<String> groupedInstances(List<KeepalivedNode> nodes) {
        List<String> out = new ArrayList<>();
        for (KeepalivedNode n : nodes) {
            if (n.keyword().equals("vrrp_sync_group")) {
                n.children().stream().filter(c -> c.keyword().equals("group"))
                        .forEach(g -> g.children().forEach(m -> out.add(m.keyword())));
            }
        }
        return out;
    }

    /** One line for every {@code state} keyword instead of one each. */
    private void summariseStates(String sourceName) {
        if (states.isEmpty()) {
            return;
        }
        Map<String, List<String>> byState = new LinkedHashMap<>();
        for (KeepalivedNode s : states) {
            List<String> where = byState.computeIfAbsent(String.valueOf(s.arg(0)), k -> new ArrayList<>());
            if (!where.contains(s.where())) {
                where.add(s.where()); // a split instance reads its state twice
            }
        }
        List<String> parts = new ArrayList<>();
        byState.forEach((state, where) -> parts.add(state + " in " + where.size() + " (" + String.join(", ", where)
                + ")"));
        warnings.add(sourceName + ": 'state' not carried over (" + String.join("; ", parts) + "): vrrpd has no"
                + " initial state; every router starts as Backup and the election (priority) decides. Give the"
                + " preferred router the higher priority");
    }

    private void globalDefs(KeepalivedNode block, ObjectNode global) {
        for (KeepalivedNode n : block.children()) {
            switch (n.keyword()) {
                case "vrrp_version":
                    if ("2".equals(n.arg(0)) || "3".equals(n.arg(0))) {
                        defaults.version = Integer.parseInt(n.arg(0));
                    } else {
                        warn(n, "vrrp_version must be 2 or 3; using 2");
                    }
                    break;
                case "script_user":
                    if (n.arg(0) != null) {
                        defaults.scriptUser = n.arg(0);
                        global.put("script_user", n.arg(0));
                        if (n.arg(1) != null) {
                            warn(n, "script_user group '" + n.arg(1) + "' not carried over: scripts run with the"
                                    + " user's own groups");
                        }
                    }
                    break;
                case "enable_script_security":
                    warn(n, "enable_script_security not carried over: vrrpd never runs a script as root unless"
                            + " told to (allow_root: true); notify scripts and script checks run as script_user"
                            + " (default 'vrrpd'), and it does not check who can write the script files: keep them"
                            + " root-owned and not writable by script_user");
                    break;
                case "notify_fifo":
                case "vrrp_notify_fifo":
                    if (n.arg(0) != null) {
                        global.put("notify_fifo", n.arg(0));
                    }
                    if (n.args().size() > 1) {
                        warn(n, "notify_fifo owner/group arguments not carried over; create the FIFO yourself");
                    }
                    break;
                case "vrrp_strict":
                    defaults.strict = true;
                    warn(n, "vrrp_strict: vrrpd follows the RFC by default; converted as accept_mode: false on"
                            + " every instance");
                    break;
                case "vrrp_garp_master_delay":
                    defaults.garp.put("garp_master_delay", InstanceConverter.seconds(n.arg(0)));
                    break;
                case "vrrp_garp_master_repeat":
                    defaults.garp.put("garp_master_repeat", n.arg(0));
                    break;
                case "vrrp_garp_master_refresh":
                    defaults.garp.put("garp_master_refresh", InstanceConverter.seconds(n.arg(0)));
                    break;
                case "vrrp_garp_interval":
                case "vrrp_gna_interval":
                    defaults.garp.put("garp_interval", InstanceConverter.seconds(n.arg(0)));
                    break;
                default:
                    if (!KeywordConverter.global(this, n)) {
                        unsupported(n, "global_defs");
                    }
            }
        }
    }

    static String yaml(ObjectNode root) {
        YAMLMapper m = new YAMLMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
        try {
            return m.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML", e);
        }
    }
}
