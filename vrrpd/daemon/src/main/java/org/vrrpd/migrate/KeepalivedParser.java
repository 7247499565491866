package org.vrrpd.migrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small, tolerant reader of keepalived's block syntax, after {@link KeepalivedPreprocessor} (comments,
 * definitions, {@code @id} lines, includes): statements one per line ({@code keyword args...}), blocks opened by
 * <code>{</code> (on the same line or the next) and closed by <code>}</code>, several of them on one line
 * allowed, double-quoted strings as one token. Unbalanced braces become warnings; what cannot be read at all
 * (a missing include, an include loop, {@code ~SEQ}) becomes an error naming {@code file:line}, and the rest is
 * still read.
 */
public final class KeepalivedParser {

    private final List<String> warnings;

    private KeepalivedParser(List<String> warnings) {
        this.warnings = warnings;
    }

    /** Parses {@code file} (and its includes); {@code configId} chooses {@code @id} lines (null: none). */
    public static List<KeepalivedNode> parse(Path file, String configId, List<String> warnings, List<String> errors)
            throws IOException {
        List<KeepalivedPreprocessor.Line> lines = new KeepalivedPreprocessor(configId, warnings, errors).read(file);
        return new KeepalivedParser(warnings).lines(lines);
    }

    /** Parses text; includes are resolved against {@code baseDir}. */
    public static List<KeepalivedNode> parse(String text, String name, Path baseDir, String configId,
                                             List<String> warnings, List<String> errors) {
        List<KeepalivedPreprocessor.Line> lines = new KeepalivedPreprocessor(configId, warnings, errors)
                .read(text.getBytes(StandardCharsets.UTF_8), name, baseDir);
        return new KeepalivedParser(warnings).lines(lines);
    }

    private record Token(String text, boolean quoted, String where) {
        boolean is(String s) {
            return !quoted && text.equals(s);
        }
    }

    private List<KeepalivedNode> lines(List<KeepalivedPreprocessor.Line> lines) {
        // a flat token stream with line ends as null separators
        List<Token> stream = new ArrayList<>();
        for (KeepalivedPreprocessor.Line l : lines) {
            stream.addAll(tokenize(l));
            stream.add(null);
        }
        int[] pos = {0};
        List<KeepalivedNode> top = new ArrayList<>(block(stream, pos, 0));
        while (pos[0] < stream.size()) {
            Token t = stream.get(pos[0]++);
            if (t != null && t.is("}")) {
                warnings.add(t.where() + ": unmatched '}' ignored");
            }
            top.addAll(block(stream, pos, 0));
        }
        return top;
    }

    private static final class Pending {
        final List<String> words = new ArrayList<>();
        String where;
        List<KeepalivedNode> children = new ArrayList<>();
    }

    private List<KeepalivedNode> block(List<Token> stream, int[] pos, int depth) {
        List<KeepalivedNode> out = new ArrayList<>();
        Pending cur = null;
        while (pos[0] < stream.size()) {
            Token t = stream.get(pos[0]);
            if (t == null) {
                pos[0]++;
                cur = flush(cur, out);
                continue;
            }
            if (t.is("}")) {
                if (depth == 0) {
                    flush(cur, out);
                    return out;
                }
                pos[0]++;
                flush(cur, out);
                return out;
            }
            pos[0]++;
            if (t.is("{")) {
                List<KeepalivedNode> kids = block(stream, pos, depth + 1);
                if (cur == null && !out.isEmpty()) {
                    // brace on the line after its keyword
                    KeepalivedNode prev = out.remove(out.size() - 1);
                    List<KeepalivedNode> all = new ArrayList<>(prev.children());
                    all.addAll(kids);
                    out.add(new KeepalivedNode(prev.keyword(), prev.args(), all, prev.where()));
                } else if (cur == null) {
                    warnings.add(t.where() + ": block without a keyword ignored");
                } else {
                    cur.children.addAll(kids);
                    cur = flush(cur, out);
                }
                continue;
            }
            if (cur == null) {
                cur = new Pending();
                cur.where = t.where();
            }
            cur.words.add(t.text());
        }
        flush(cur, out);
        if (depth > 0) {
            warnings.add("configuration: ends inside a block (missing '}')");
        }
        return out;
    }

    private Pending flush(Pending p, List<KeepalivedNode> out) {
        if (p == null || p.words.isEmpty()) {
            return null;
        }
        out.add(new KeepalivedNode(p.words.get(0), p.words.subList(1, p.words.size()), p.children, p.where));
        return null;
    }

    private List<Token> tokenize(KeepalivedPreprocessor.Line line) {
        String s = line.text();
        String where = line.where();
        List<Token> toks = new ArrayList<>();
        boolean nonAscii = false;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '{' || c == '}') {
                toks.add(new Token(String.valueOf(c), false, where));
                i++;
            } else if (c == '"') {
                int end = s.indexOf('"', i + 1);
                if (end < 0) {
                    warnings.add(where + ": unterminated quote, read to the end of the line");
                    end = s.length();
                }
                toks.add(new Token(s.substring(i + 1, end), true, where));
                i = end + 1;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && s.charAt(j) != '{'
                        && s.charAt(j) != '}' && s.charAt(j) != '"') {
                    j++;
                }
                toks.add(new Token(s.substring(i, j), false, where));
                i = j;
            }
        }
        for (Token t : toks) {
            nonAscii |= t.text().chars().anyMatch(ch -> ch > 0x7f);
        }
        if (line.latin1() && nonAscii) {
            warnings.add(where + ": not UTF-8 (keepalived reads bytes): read as ISO-8859-1 and written to the YAML"
                    + " as UTF-8; check '" + s + "'");
        }
        return toks;
    }
}
