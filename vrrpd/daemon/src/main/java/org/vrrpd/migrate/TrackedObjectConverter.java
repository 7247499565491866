package org.vrrpd.migrate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Converts keepalived's {@code vrrp_track_process} blocks into vrrpd {@code type: process} checks and its
 * {@code vrrp_track_file} / {@code track_file} blocks into {@code track_files} entries, each with the weight an
 * instance's {@code track_process} / {@code track_file} line gives it. Warnings go to the importer.
 */
final class TrackedObjectConverter {

    private final KeepalivedImporter im;

    TrackedObjectConverter(KeepalivedImporter im) {
        this.im = im;
    }

    /**
     * {@code vrrp_track_process NAME { process PATH [ARGS]; param_match; weight W [reverse]; quorum N; quorum_max
     * M; delay/terminate_delay/fork_delay S; full_command }}: a process check, weight 0 (keepalived's default:
     * Fault while the process is missing). Null when the block has no process.
     */
    ObjectNode process(KeepalivedNode block) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("type", "process");
        c.put("name", block.arg(0).replaceAll("[^A-Za-z0-9_.-]", "_"));
        String process = null;
        int weight = 0;
        for (KeepalivedNode n : block.children()) {
            switch (n.keyword()) {
                case "process":
                    process = String.join(" ", n.args());
                    break;
                case "weight":
                    weight = integer(n, 0);
                    if ("reverse".equals(n.arg(1))) {
                        im.warn(n, "vrrp_track_process " + block.arg(0) + ": 'reverse' not carried over: vrrpd's"
                                + " process check adds a positive weight while the process runs and a negative"
                                + " one while it does not");
                    }
                    break;
                case "quorum":
                    if (integer(n, 1) != 1) {
                        im.warn(n, "vrrp_track_process " + block.arg(0) + ": quorum " + n.arg(0) + " not carried"
                                + " over: vrrpd's process check is up while at least one matching process runs");
                    }
                    break;
                case "quorum_max":
                    im.warn(n, "vrrp_track_process " + block.arg(0) + ": quorum_max " + n.arg(0) + " not carried"
                            + " over: vrrpd's process check has no upper limit (quorum_max 0, \"must not run\","
                            + " has no equivalent: use a script check)");
                    break;
                case "param_match":
                    if (!"partial".equals(n.arg(0)) && !"initial".equals(n.arg(0))) {
                        im.warn(n, "vrrp_track_process " + block.arg(0) + ": param_match " + n.arg(0) + " not"
                                + " carried over: vrrpd matches a process given with arguments anywhere in its"
                                + " command line (keepalived's 'partial')");
                    }
                    break;
                case "full_command":
                    break; // a process given with a '/' or arguments is matched against the command line
                case "delay":
                case "terminate_delay":
                case "fork_delay":
                    im.warn(n, "vrrp_track_process " + block.arg(0) + ": '" + n.keyword() + "' not carried over:"
                            + " keepalived reacts to process events after this delay, vrrpd's process check looks"
                            + " every second (interval 1s, rise 1, fall 1)");
                    break;
                default:
                    im.unsupported(n, "vrrp_track_process " + block.arg(0));
            }
        }
        if (process == null || process.isBlank()) {
            im.warn(block, "vrrp_track_process " + block.arg(0) + " has no process; skipped");
            return null;
        }
        c.put("process", process);
        c.put("interval", "1s");
        c.put("weight", clamp(block, weight, 253));
        return c;
    }

    /**
     * {@code vrrp_track_file NAME { file PATH; weight W [reverse]; init_file [VALUE] [overwrite] }}: a
     * {@code track_files} entry, weight 1 by default as in keepalived. Null when the block has no file.
     */
    ObjectNode file(KeepalivedNode block) {
        ObjectNode f = JsonNodeFactory.instance.objectNode();
        f.put("name", block.arg(0).replaceAll("[^A-Za-z0-9_.-]", "_"));
        String path = null;
        for (KeepalivedNode n : block.children()) {
            switch (n.keyword()) {
                case "file":
                    path = n.arg(0);
                    break;
                case "weight":
                    f.put("weight", clamp(n, integer(n, 1), 254));
                    if ("reverse".equals(n.arg(1))) {
                        f.put("reverse", true);
                    }
                    break;
                case "init_file":
                    int value = 0;
                    boolean overwrite = false;
                    for (String a : n.args()) {
                        if (a.equals("overwrite")) {
                            overwrite = true;
                        } else {
                            try {
                                value = Integer.parseInt(a);
                            } catch (NumberFormatException e) {
                                im.warn(n, "init_file value '" + a + "' is not a number; using 0");
                            }
                        }
                    }
                    f.put("init_file", value);
                    if (overwrite) {
                        f.put("init_overwrite", true);
                    }
                    break;
                default:
                    im.unsupported(n, "vrrp_track_file " + block.arg(0));
            }
        }
        if (path == null) {
            im.warn(block, "vrrp_track_file " + block.arg(0) + " has no file; skipped");
            return null;
        }
        f.put("file", path);
        return f;
    }

    /** An instance's {@code NAME weight W [reverse|noreverse]} line applied to a converted object. */
    void override(KeepalivedNode line, ObjectNode converted, boolean isFile) {
        if (!"weight".equals(line.arg(0))) {
            if (!line.args().isEmpty()) {
                im.warn(line, "'" + line.text() + "': options other than 'weight W' not carried over");
            }
            return;
        }
        converted.put("weight", clamp(line, integer(line, 1, 1), isFile ? 254 : 253));
        if ("reverse".equals(line.arg(2))) {
            if (isFile) {
                converted.put("reverse", true);
            } else {
                im.warn(line, "'reverse' not carried over: vrrpd's process check adds a positive weight while the"
                        + " process runs and a negative one while it does not");
            }
        } else if ("noreverse".equals(line.arg(2)) && isFile) {
            converted.remove("reverse");
        }
    }

    private int integer(KeepalivedNode n, int fallback) {
        return integer(n, 0, fallback);
    }

    private int integer(KeepalivedNode n, int index, int fallback) {
        try {
            return Integer.parseInt(n.arg(index));
        } catch (NumberFormatException | NullPointerException e) {
            im.warn(n, "'" + n.text() + "': not a number, using " + fallback);
            return fallback;
        }
    }

    private int clamp(KeepalivedNode where, int weight, int max) {
        if (weight > max || weight < -max) {
            int c = Math.max(-max, Math.min(max, weight));
            im.warn(where, "weight " + weight + " clamped to " + c + " (vrrpd: -" + max + ".." + max + ")");
            return c;
        }
        return weight;
    }
}
