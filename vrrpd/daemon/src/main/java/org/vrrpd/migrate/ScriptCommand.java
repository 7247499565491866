package org.vrrpd.migrate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits keepalived script strings ({@code "/usr/local/bin/vrrp.sh MASTER VI_1"}) into an argv the way
 * keepalived does: whitespace separated, single or double quotes group words. Whether the text needs a shell
 * (redirections, pipes, variables) is reported so the importer can say so.
 */
final class ScriptCommand {

    private static final String SHELL_CHARS = "<>|&;$`*?()";

    private ScriptCommand() {
    }

    static List<String> argv(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }

    static boolean needsShell(String script) {
        for (char c : script.toCharArray()) {
            if (SHELL_CHARS.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A {@code notify*} line's script as the argv vrrpd runs: shell syntax through {@code /bin/sh -c}; a command
     * without a slash looked up in PATH through {@code /usr/bin/env}, and a relative path made absolute from
     * {@code /} (keepalived runs from {@code /}), each with a warning naming the line.
     */
    static ArrayNode notifyArgv(KeepalivedImporter im, KeepalivedNode c) {
        String text = c.arg(0);
        ArrayNode argv = JsonNodeFactory.instance.arrayNode();
        if (needsShell(text)) {
            im.warn(c, c.keyword() + " \"" + text + "\" uses shell syntax: converted to /bin/sh -c; better point"
                    + " it at a script file");
            argv.add("/bin/sh").add("-c").add(text);
            return argv;
        }
        List<String> words = argv(text);
        if (words.isEmpty()) {
            return argv;
        }
        String program = words.get(0);
        if (!program.startsWith("/")) {
            if (program.contains("/")) {
                im.warn(c, c.keyword() + " \"" + program + "\" is a relative path: converted to /" + program
                        + " (keepalived runs scripts from /); write the absolute path");
                words.set(0, "/" + program);
            } else {
                im.warn(c, c.keyword() + " \"" + program + "\" has no path: converted to /usr/bin/env " + program
                        + " (a PATH look-up, as keepalived does); write the absolute path");
                argv.add("/usr/bin/env");
            }
        }
        words.forEach(argv::add);
        return argv;
    }
}
