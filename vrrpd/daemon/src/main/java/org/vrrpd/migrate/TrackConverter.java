package org.vrrpd.migrate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Converts an instance's {@code track_interface}, {@code track_script}, {@code track_process} and
 * {@code track_file} blocks into vrrpd's {@code track_interfaces}, script and process {@code checks} and
 * {@code track_files}, with keepalived's weights clamped to vrrpd's range;
 * warnings go to the importer.
 */
final class TrackConverter {

    private final KeepalivedImporter im;
    private final ArrayNode interfaces = JsonNodeFactory.instance.arrayNode();
    private final ArrayNode checks = JsonNodeFactory.instance.arrayNode();
    private final ArrayNode files = JsonNodeFactory.instance.arrayNode();

    TrackConverter(KeepalivedImporter im) {
        this.im = im;
    }

    ArrayNode interfaces() {
        return interfaces;
    }

    ArrayNode checks() {
        return checks;
    }

    /** The instance's {@code track_files}. */
    ArrayNode files() {
        return files;
    }

    /** {@code track_process} lines: the named {@code vrrp_track_process} as a process check. */
    void trackProcess(KeepalivedNode t) {
        KeepalivedNode block = im.trackProcesses.get(t.keyword());
        if (block == null) {
            im.warn(t, "track_process " + t.keyword() + ": no vrrp_track_process of that name; skipped");
            return;
        }
        ObjectNode check = new TrackedObjectConverter(im).process(block);
        if (check != null) {
            new TrackedObjectConverter(im).override(t, check, false);
            checks.add(check);
        }
    }

    /** {@code track_file} lines: the named {@code vrrp_track_file} as a {@code track_files} entry. */
    void trackFile(KeepalivedNode t) {
        KeepalivedNode block = im.trackFiles.get(t.keyword());
        if (block == null) {
            im.warn(t, "track_file " + t.keyword() + ": no vrrp_track_file of that name; skipped");
            return;
        }
        ObjectNode file = new TrackedObjectConverter(im).file(block);
        if (file != null) {
            new TrackedObjectConverter(im).override(t, file, true);
            files.add(file);
        }
    }

    /** {@code track_interface} lines: a name, optionally {@code weight W}. */
    void trackInterface(KeepalivedNode t) {
        if (t.args().isEmpty()) {
            interfaces.add(t.keyword());
            return;
        }
        ObjectNode o = interfaces.addObject();
        o.put("name", t.keyword());
        if ("weight".equals(t.arg(0)) && t.arg(1) != null) {
            o.put("weight", clampWeight(t, t.arg(1)));
            if (t.args().size() > 2) {
                im.warn(t, "track_interface '" + String.join(" ", t.args().subList(2, t.args().size()))
                        + "' not carried over");
            }
        } else {
            im.warn(t, "track_interface options '" + String.join(" ", t.args()) + "' not carried over");
        }
    }

    private int clampWeight(KeepalivedNode where, String w) {
        int weight;
        try {
            weight = Integer.parseInt(w);
        } catch (NumberFormatException e) {
            im.warn(where, "weight '" + w + "' is not a number; using 0 (Fault while down)");
            return 0;
        }
        if (weight > 253 || weight < -253) {
            int c = Math.max(-253, Math.min(253, weight));
            im.warn(where, "weight " + weight + " clamped to " + c + " (vrrpd: -253..253)");
            return c;
        }
        return weight;
    }

    /** {@code track_script} lines: the named {@code vrrp_script} as a script check, with its weight. */
    void trackScript(KeepalivedNode t) {
        KeepalivedNode script = im.scripts.get(t.keyword());
        if (script == null) {
            im.warn(t, "track_script " + t.keyword() + ": no vrrp_script of that name; skipped");
            return;
        }
        ObjectNode check = new ScriptConverter(im, script).convert();
        if (check == null) {
            return;
        }
        if ("weight".equals(t.arg(0)) && t.arg(1) != null) {
            check.put("weight", clampWeight(t, t.arg(1)));
            if ("reverse".equals(t.arg(2))) {
                im.warn(t, "'reverse' not carried over: vrrpd weights add while up (positive) or subtract while"
                        + " down (negative); flip the check's logic instead");
            }
        } else if (!t.args().isEmpty()) {
            im.warn(t, "track_script options '" + String.join(" ", t.args()) + "' not carried over");
        }
        checks.add(check);
    }
}
