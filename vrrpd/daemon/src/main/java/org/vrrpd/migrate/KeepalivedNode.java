package org.vrrpd.migrate;

import java.util.List;

/**
 * One statement of a keepalived.conf: a keyword, its arguments and, for blocks, the statements inside.
 * {@code where} is {@code file:line}, for warnings.
 */
public record KeepalivedNode(String keyword, List<String> args, List<KeepalivedNode> children, String where) {

    public KeepalivedNode {
        args = List.copyOf(args);
        children = List.copyOf(children);
    }

    /** The argument at {@code i}, or null. */
    public String arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }

    /** {@code keyword args...} as written, for messages. */
    public String text() {
        return args.isEmpty() ? keyword : keyword + " " + String.join(" ", args);
    }
}
