package org.vrrpd.migrate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Converts a {@code vrrp_script} block into a vrrpd {@code type: script} check with keepalived's defaults made
 * explicit (interval 1 s, weight 0 = Fault, rise 1, fall 1; timeout 0 means the interval).
 */
final class ScriptConverter {

    private final KeepalivedImporter im;
    private final KeepalivedNode block;

    ScriptConverter(KeepalivedImporter im, KeepalivedNode block) {
        this.im = im;
        this.block = block;
    }

    ObjectNode convert() {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("type", "script");
        c.put("name", block.arg(0).replaceAll("[^A-Za-z0-9_.-]", "_"));
        String script = null;
        String user = im.defaults.scriptUser;
        String interval = null;
        String timeout = null;
        Integer weight = null;
        Integer rise = null;
        Integer fall = null;
        for (KeepalivedNode n : block.children()) {
            switch (n.keyword()) {
                case "script":
                    script = n.arg(0);
                    break;
                case "interval":
                    interval = InstanceConverter.seconds(n.arg(0));
                    break;
                case "timeout":
                    timeout = "0".equals(n.arg(0)) ? null : InstanceConverter.seconds(n.arg(0));
                    break;
                case "weight":
                    weight = parse(n);
                    if ("reverse".equals(n.arg(1))) {
                        im.warn(n, "'reverse' not carried over: flip the script's exit status instead");
                    }
                    break;
                case "rise":
                    rise = parse(n);
                    break;
                case "fall":
                    fall = parse(n);
                    break;
                case "user":
                    user = n.arg(0);
                    if (n.arg(1) != null) {
                        im.warn(n, "script group '" + n.arg(1) + "' not carried over");
                    }
                    break;
                default:
                    im.unsupported(n, "vrrp_script " + block.arg(0));
            }
        }
        if (script == null) {
            im.warn(block, "vrrp_script " + block.arg(0) + " has no script; skipped");
            return null;
        }
        if (interval != null) {
            c.put("interval", interval);
        }
        if (timeout != null) {
            c.put("timeout", timeout);
        }
        if (rise != null) {
            c.put("rise", Math.max(1, rise));
        }
        if (fall != null) {
            c.put("fall", Math.max(1, fall));
        }
        c.put("weight", weight == null ? 0 : Math.max(-253, Math.min(253, weight)));
        if (ScriptCommand.needsShell(script)) {
            im.warn(block, "vrrp_script " + block.arg(0) + " \"" + script + "\" uses shell syntax: converted with"
                    + " shell: true");
            c.putArray("command").add(script);
            c.put("shell", true);
        } else {
            ScriptCommand.argv(script).forEach(c.putArray("command")::add);
        }
        if (user == null && im.defaults.scriptUser == null) {
            user = "keepalived_script";
            im.warn(block, "vrrp_script " + block.arg(0) + " runs as 'keepalived_script' (keepalived's default"
                    + " script_user); make sure that user exists or set 'user:'");
        }
        if (user != null) { // else global_defs' script_user, carried over as global.script_user, applies
            c.put("user", user);
        }
        return c;
    }

    private Integer parse(KeepalivedNode n) {
        try {
            return Integer.parseInt(n.arg(0));
        } catch (NumberFormatException | NullPointerException e) {
            im.warn(n, "'" + n.text() + "': not a number, ignored");
            return null;
        }
    }
}
