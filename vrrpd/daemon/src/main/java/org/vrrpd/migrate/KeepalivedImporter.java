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
 * blocks ({@code virtual_server}) are skipped with one warning each. The output is meant to be reviewed, then
 * checked with {@code vrrpd config check}.
 */
public final class KeepalivedImporter {

    /** The YAML text and the warnings, in file order. */
    public record Result(String yaml, List<String> warnings) {
        public Result {
            warnings = List.copyOf(new LinkedHashSet<>(warnings));
        }
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> LVS = Set.of("virtual_server", "virtual_server_group", "lvs_sync_daemon");
    private static final Set<String> TRACKERS = Set.of("vrrp_track_process", "vrrp_track_file", "track_file");

    final List<String> warnings;
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

    private KeepalivedImporter(List<String> warnings) {
        this.warnings = warnings;
    }

    /** Reads {@code file} (with its includes) and converts it. */
    public static Result convert(Path file) throws IOException {
        List<String> warnings = new ArrayList<>();
        List<KeepalivedNode> nodes = KeepalivedParser.parse(file, warnings);
        String yaml = new KeepalivedImporter(warnings).run(nodes, file.getFileName().toString());
        return new Result(yaml, warnings);
    }

    /** Converts text; includes are resolved against {@code baseDir}. */
    public static Result convert(String text, String name, Path baseDir) {
        List<String> warnings = new ArrayList<>();
        List<KeepalivedNode> nodes = KeepalivedParser.parse(text, name, baseDir, warnings);
        String yaml = new KeepalivedImporter(warnings).run(nodes, name);
        return new Result(yaml, warnings);
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
        for (KeepalivedNode n : nodes) {
            switch (n.keyword()) {
                case "global_defs":
                case "vrrp_script":
                case "vrrp_track_process":
                case "vrrp_track_file":
                case "track_file":
                    break;
                case "vrrp_instance":
                    ObjectNode inst = new InstanceConverter(this, n).convert();
                    if (inst != null) {
                        instances.add(inst);
                    }
                    break;
                case "vrrp_sync_group":
                    syncGroup(n);
                    break;
                default:
                    if (LVS.contains(n.keyword())) {
                        warn(n, "LVS block '" + n.text() + "' skipped: vrrpd does VRRP only");
                    } else {
                        unsupported(n, "");
                    }
            }
        }
        if (instances.isEmpty()) {
            warnings.add(sourceName + ": no vrrp_instance found");
        }
        ObjectNode root = F.objectNode();
        if (!global.isEmpty()) {
            root.set("global", global);
        }
        root.set("instances", instances);
        return "# Converted from " + sourceName + " by 'vrrpctl import-keepalived'.\n"
                + "# Review the warnings it printed, then run 'vrrpd config check' on this file.\n" + yaml(root);
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

    private void syncGroup(KeepalivedNode n) {
        List<String> members = new ArrayList<>();
        for (KeepalivedNode c : n.children()) {
            if (c.keyword().equals("group")) {
                for (KeepalivedNode m : c.children()) {
                    members.add(m.keyword());
                }
            } else if (c.keyword().startsWith("notify") || c.keyword().startsWith("track_")) {
                warn(c, "'" + c.keyword() + "' of sync group " + n.arg(0) + " not carried over: put it on each"
                        + " member instance");
            } else {
                unsupported(c, "vrrp_sync_group");
            }
        }
        warn(n, "vrrp_sync_group " + n.arg(0) + " " + members + ": vrrpd has no sync groups, so these instances"
                + " change state independently. To keep them together give every member the same checks and"
                + " track_interfaces with weight 0 (they then go to Fault together), or merge their VIPs into one"
                + " instance when they share an interface");
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
