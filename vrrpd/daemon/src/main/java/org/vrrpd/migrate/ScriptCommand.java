package org.vrrpd.migrate;

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
}
