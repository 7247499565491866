package org.vrrpd.migrate;

/**
 * The parts of keepalived 2.2.7's line reading that need no state: {@code decomment()}, {@code is_include()} and
 * the characters of a definition's name.
 */
final class KeepalivedLines {

    private KeepalivedLines() {
    }

    /** keepalived's {@code is_include()}: the pattern after {@code include} (or includer, ...), or null. */
    static String includePattern(String buf) {
        if (!buf.startsWith("include") || buf.length() < 9) {
            return null;
        }
        char c7 = buf.charAt(7);
        int from;
        if (c7 == ' ' || c7 == '\t') {
            from = 8;
        } else if ("rmwba".indexOf(c7) >= 0 && (buf.charAt(8) == ' ' || buf.charAt(8) == '\t')) {
            from = 9;
        } else {
            return null;
        }
        String pattern = buf.substring(from).strip();
        return pattern.isEmpty() ? null : pattern;
    }

    /**
     * keepalived's {@code decomment()}: leading blanks, an unquoted {@code #} or {@code !} and what follows, and
     * trailing blanks removed; {@code \#} and {@code \!} outside quotes become the character; a final {@code \}
     * is kept (it continues a definition).
     */
    static String decomment(String raw) {
        String s = raw.stripLeading();
        StringBuilder sb = new StringBuilder(s.length());
        boolean quote = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quote = !quote;
            } else if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(i + 1);
                if (!quote && (next == '#' || next == '!')) {
                    sb.append(next);
                } else {
                    sb.append(c).append(next);
                }
                i++;
                continue;
            } else if (!quote && (c == '#' || c == '!')) {
                break;
            }
            sb.append(c);
        }
        return sb.toString().stripTrailing();
    }

    static boolean nameStart(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    }

    static boolean nameChar(char c) {
        return nameStart(c) || (c >= '0' && c <= '9');
    }
}
