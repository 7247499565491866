package org.vrrpd.migrate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What keepalived 2.2.7's {@code read_line()} (lib/parser.c) does before a line reaches the keyword parser:
 * bytes split at {@code \n} (a trailing {@code \r} dropped), comments from an unquoted {@code #} or {@code !}
 * ({@code \#} and {@code \!} escape them), {@code @id} / {@code @^id} lines kept or dropped by the config id,
 * {@code $NAME=value} definitions (a value ending in {@code \} goes on over the following lines, up to a line
 * without it or an empty line), {@code ${NAME}} and {@code $NAME} (followed by a blank, {@code ,}, {@code )} or
 * the end of the line) replaced by the value, a multi-line value only where it ends the line, and
 * {@code include PATTERN} (also includer/m/w/b/a) expanded in place, relative to the including file's directory
 * (keepalived changes into it), globs in sorted order. keepalived never decodes the bytes: a line that is valid
 * UTF-8 is read as such, any other line byte for byte as ISO-8859-1 and flagged, so nothing is lost or refused.
 * Not carried over: {@code ~SEQ}/{@code ~LST} loops and keepalived's built-in definitions ({@code ${_PWD}} ...),
 * each an error naming its line.
 */
final class KeepalivedPreprocessor {

    /** One logical line: its text after preprocessing, where it was read, and whether it was not UTF-8. */
    record Line(String text, String file, int number, boolean latin1) {
        String where() {
            return file + ":" + number;
        }
    }

    private static final int MAX_INCLUDE_DEPTH = 32;
    private static final int MAX_REPLACEMENTS = 1000;
    /** keepalived's line buffer is 8 KiB; a substitution that would exceed it fails there too. */
    private static final int MAX_LINE = 8192;
    /** Lines a whole configuration may expand to (multi-line definitions using others grow exponentially). */
    private static final int MAX_LINES = 100_000;
    private boolean overflowed;

    private final String configId;
    private final List<String> warnings;
    private final List<String> errors;
    private final Map<String, String> definitions = new HashMap<>();
    private final Map<String, Boolean> multiline = new HashMap<>();
    private final Deque<Path> including = new ArrayDeque<>();
    private final TreeSet<String> conditionalIds = new TreeSet<>();
    private String openDefinition;
    private final List<String> openLines = new ArrayList<>();

    /** {@code configId}: keepalived's {@code --config-id}; null keeps no {@code @id} line, every {@code @^id} one. */
    KeepalivedPreprocessor(String configId, List<String> warnings, List<String> errors) {
        this.configId = configId;
        this.warnings = warnings;
        this.errors = errors;
    }

    /** Reads {@code file} and everything it includes. */
    List<Line> read(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        byte[] bytes = Files.readAllBytes(abs);
        List<Line> out = new ArrayList<>();
        including.push(abs);
        try {
            lines(bytes, abs.toString(), abs.getParent(), out);
        } finally {
            including.pop();
        }
        summarise(abs.toString());
        return out;
    }

    /** Reads text that has no file of its own; includes are resolved against {@code baseDir}. */
    List<Line> read(byte[] bytes, String name, Path baseDir) {
        List<Line> out = new ArrayList<>();
        lines(bytes, name, baseDir, out);
        summarise(name);
        return out;
    }

    private void summarise(String name) {
        if (!conditionalIds.isEmpty()) {
            warnings.add(name + ": lines for config ids " + conditionalIds + " chosen by config id "
                    + (configId == null ? "(none)" : "'" + configId + "'") + " (keepalived's --config-id;"
                    + " vrrpctl import-keepalived --config-id)");
        }
    }

    private void lines(byte[] bytes, String name, Path dir, List<Line> out) {
        int start = 0;
        int number = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int stop = end;
            while (stop > start && bytes[stop - 1] == '\r') {
                stop--;
            }
            number++;
            physical(bytes, start, stop, name, number, dir, out);
            start = end + 1;
        }
        closeDefinition();
    }

    private void physical(byte[] bytes, int from, int to, String name, int number, Path dir, List<Line> out) {
        boolean latin1 = false;
        String raw;
        try {
            raw = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            raw = new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
            latin1 = true;
        }
        if (number == 1 && raw.startsWith("\uFEFF")) {
            raw = raw.substring(1);
        }
        if (raw.isEmpty()) {
            closeDefinition(); // an empty line ends a multi-line definition
            return;
        }
        String s = KeepalivedLines.decomment(raw);
        if (s.isEmpty()) {
            return;
        }
        if (openDefinition != null) {
            continueDefinition(s);
            return;
        }
        logical(s, name, number, latin1, dir, out);
    }

    private void continueDefinition(String s) {
        boolean continues = s.endsWith("\\");
        String text = continues ? s.substring(0, s.length() - 1).stripTrailing() : s;
        if (!text.isEmpty()) {
            openLines.add(text);
        }
        if (!continues) {
            closeDefinition();
        }
    }

    private void closeDefinition() {
        if (openDefinition != null) {
            definitions.put(openDefinition, String.join("\n", openLines));
            multiline.put(openDefinition, !openLines.isEmpty());
            openDefinition = null;
        }
    }

    private void logical(String first, String name, int number, boolean latin1, Path dir, List<Line> out) {
        String where = name + ":" + number;
        Deque<String> work = new ArrayDeque<>();
        work.add(first);
        while (!work.isEmpty()) {
            String buf = work.poll();
            boolean keep = true;
            int rounds = 0;
            while (true) {
                if (buf.startsWith("@")) {
                    buf = conditional(buf);
                    if (buf == null) {
                        keep = false;
                        break;
                    }
                }
                if (buf.startsWith("$") && define(buf)) {
                    keep = false;
                    break;
                }
                if (buf.startsWith("~SEQ") || buf.startsWith("~LST")) {
                    errors.add(where + ": '" + buf + "': keepalived's ~SEQ/~LST loops are not supported by the"
                            + " importer; write the lines out");
                    keep = false;
                    break;
                }
                if (buf.startsWith("~") || buf.indexOf('$') < 0 || (definitions.isEmpty() && !buf.contains("${"))) {
                    break;
                }
                List<String> rest = new ArrayList<>();
                String replaced = substitute(buf, rest, where);
                if (replaced == null) {
                    break;
                }
                for (int i = rest.size() - 1; i >= 0; i--) {
                    work.addFirst(rest.get(i));
                }
                buf = KeepalivedLines.decomment(replaced);
                if (++rounds > MAX_REPLACEMENTS || buf.length() > MAX_LINE) {
                    errors.add(where + ": definitions refer to each other without end");
                    keep = false;
                    break;
                }
                if (!buf.startsWith("@") && buf.indexOf('$') < 0) {
                    break;
                }
            }
            if (!keep || buf.isEmpty()) {
                continue;
            }
            String pattern = KeepalivedLines.includePattern(buf);
            if (pattern != null) {
                include(pattern, dir, where, out);
            } else if (out.size() >= MAX_LINES) {
                if (!overflowed) {
                    overflowed = true;
                    errors.add(where + ": the configuration expands to more than " + MAX_LINES + " lines"
                            + " (definitions that use multi-line definitions); the importer stops here");
                }
                return;
            } else {
                out.add(new Line(buf, name, number, latin1));
            }
        }
    }

    /** The line without its {@code @id} prefix when kept, null when dropped. */
    private String conditional(String buf) {
        boolean reverse = buf.startsWith("@^");
        int ofs = reverse ? 2 : 1;
        int blank = ofs;
        while (blank < buf.length() && buf.charAt(blank) != ' ' && buf.charAt(blank) != '\t') {
            blank++;
        }
        if (blank >= buf.length()) {
            return null;
        }
        String id = buf.substring(ofs, blank);
        conditionalIds.add(id);
        boolean mismatch = configId == null || !configId.equals(id);
        if (mismatch != reverse) {
            return null;
        }
        return buf.substring(blank).stripLeading();
    }

    /** {@code $NAME=value}: records it and returns true; false when the line is not a definition. */
    private boolean define(String buf) {
        if (buf.length() < 2 || !KeepalivedLines.nameStart(buf.charAt(1))) {
            return false;
        }
        int p = 2;
        while (p < buf.length() && buf.charAt(p) != '=') {
            if (!KeepalivedLines.nameChar(buf.charAt(p))) {
                return false;
            }
            p++;
        }
        if (p >= buf.length()) {
            return false;
        }
        String defName = buf.substring(1, p);
        String value = buf.substring(p + 1).strip();
        boolean continues = value.endsWith("\\");
        if (continues) {
            value = value.substring(0, value.length() - 1).stripTrailing();
            openDefinition = defName;
            openLines.clear();
            if (!value.isEmpty()) {
                openLines.add(value);
            }
        }
        definitions.put(defName, value);
        multiline.put(defName, false);
        return true;
    }

    /**
     * One pass of keepalived's {@code replace_param()}: the line with every known definition replaced (scanning
     * on from each replacement, so a value may name another), or null when nothing was replaced. The further
     * lines of a multi-line value go to {@code rest}.
     */
    private String substitute(String buf, List<String> rest, String where) {
        StringBuilder sb = new StringBuilder(buf);
        boolean found = false;
        int count = 0;
        int pos = sb.indexOf("$");
        while (pos >= 0 && pos + 1 < sb.length()) {
            boolean braces = sb.charAt(pos + 1) == '{';
            int start = pos + 1 + (braces ? 1 : 0);
            int end = start;
            if (start < sb.length() && KeepalivedLines.nameStart(sb.charAt(start))) {
                end = start + 1;
                while (end < sb.length() && KeepalivedLines.nameChar(sb.charAt(end))) {
                    end++;
                }
            }
            int refEnd = -1;
            if (end > start) {
                if (braces && end < sb.length() && sb.charAt(end) == '}') {
                    refEnd = end + 1;
                } else if (!braces && (end == sb.length() || " \t,)".indexOf(sb.charAt(end)) >= 0)) {
                    refEnd = end;
                }
            }
            String defName = refEnd < 0 ? null : sb.substring(start, end);
            String value = defName == null ? null : definitions.get(defName);
            if (value == null && defName != null && braces) {
                if (defName.startsWith("_")) {
                    errors.add(where + ": ${" + defName + "}: keepalived's built-in definitions are not supported"
                            + " by the importer; write the value out");
                    return null;
                }
                warnings.add(where + ": ${" + defName + "} is not defined ($" + defName + "=...), left as written"
                        + " as keepalived does (a template placeholder?)");
            }
            if (value == null || (multiline.get(defName) && refEnd != sb.length())) {
                pos = sb.indexOf("$", pos + 1);
                continue;
            }
            found = true;
            if (multiline.get(defName)) {
                String[] parts = value.split("\n", -1);
                value = parts[0];
                rest.addAll(0, List.of(parts).subList(1, parts.length));
            }
            sb.replace(pos, refEnd, value);
            if (value.stripLeading().startsWith("~") || ++count > MAX_REPLACEMENTS || sb.length() > MAX_LINE) {
                break;
            }
            pos = sb.indexOf("$", pos);
        }
        return found ? sb.toString() : null;
    }

    private void include(String pattern, Path dir, String where, List<Line> out) {
        List<Path> files;
        try {
            files = IncludeGlob.expand(dir, pattern);
        } catch (IOException e) {
            errors.add(where + ": include " + pattern + ": " + e.getMessage());
            return;
        }
        if (files.isEmpty()) {
            if (IncludeGlob.hasGlob(pattern)) {
                warnings.add(where + ": include " + pattern + ": no file matches, nothing included (as keepalived)");
            } else {
                errors.add(where + ": include " + pattern + ": no such file"
                        + (dir == null ? "" : " (" + dir.resolve(pattern).normalize() + ")"));
            }
            return;
        }
        for (Path f : files) {
            if (including.contains(f) || including.size() >= MAX_INCLUDE_DEPTH) {
                errors.add(where + ": include " + f + ": include loop (the file includes itself), skipped");
                continue;
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f);
            } catch (IOException e) {
                errors.add(where + ": include " + f + ": cannot be read: " + e.getMessage());
                continue;
            }
            including.push(f);
            try {
                lines(bytes, f.toString(), f.getParent(), out);
            } finally {
                including.pop();
            }
        }
    }
}
