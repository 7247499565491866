package org.vrrpd.migrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeSet;

/**
 * A small, tolerant reader of keepalived's block syntax: statements one per line ({@code keyword args...}),
 * blocks opened by <code>{</code> (on the same line or the next) and closed by <code>}</code>, several of
 * them on one line allowed, comments from {@code #} or {@code !} to the end of the line, double-quoted strings
 * as one token. {@code include PATTERN} is resolved relative to the including file (a glob in the last path
 * element is expanded in sorted order). Unbalanced braces and missing includes become warnings, not
 * exceptions.
 */
public final class KeepalivedParser {

    private final List<String> warnings;
    private final Deque<Path> including = new ArrayDeque<>();

    private KeepalivedParser(List<String> warnings) {
        this.warnings = warnings;
    }

    /** Parses {@code file} (and its includes) into top-level statements; problems are added to {@code warnings}. */
    public static List<KeepalivedNode> parse(Path file, List<String> warnings) throws IOException {
        return new KeepalivedParser(warnings).file(file.toAbsolutePath().normalize());
    }

    /** Parses text (no includes resolved relative to a real file beyond {@code baseDir}). */
    public static List<KeepalivedNode> parse(String text, String name, Path baseDir, List<String> warnings) {
        KeepalivedParser p = new KeepalivedParser(warnings);
        return p.text(text, name, baseDir);
    }

    private List<KeepalivedNode> file(Path file) throws IOException {
        if (including.contains(file)) {
            warnings.add(file + ": include loop, skipped");
            return List.of();
        }
        including.push(file);
        try {
            return text(Files.readString(file, StandardCharsets.UTF_8), file.toString(), file.getParent());
        } finally {
            including.pop();
        }
    }

    private record Token(String text, boolean quoted, int line) {
        boolean is(String s) {
            return !quoted && text.equals(s);
        }
    }

    private List<KeepalivedNode> text(String text, String name, Path baseDir) {
        List<List<Token>> lines = tokenize(text);
        // a flat token stream with line ends as null separators
        List<Token> stream = new ArrayList<>();
        for (List<Token> l : lines) {
            stream.addAll(l);
            stream.add(null);
        }
        int[] pos = {0};
        List<KeepalivedNode> top = block(stream, pos, name, baseDir, 0);
        while (pos[0] < stream.size()) {
            Token t = stream.get(pos[0]++);
            if (t != null && t.is("}")) {
                warnings.add(name + ":" + t.line() + ": unmatched '}' ignored");
            }
            top = new ArrayList<>(top);
            top.addAll(block(stream, pos, name, baseDir, 0));
        }
        return top;
    }

    private static final class Pending {
        final List<String> words = new ArrayList<>();
        int line;
        List<KeepalivedNode> children = new ArrayList<>();
    }

    private List<KeepalivedNode> block(List<Token> stream, int[] pos, String name, Path baseDir, int depth) {
        List<KeepalivedNode> out = new ArrayList<>();
        Pending cur = null;
        while (pos[0] < stream.size()) {
            Token t = stream.get(pos[0]);
            if (t == null) {
                pos[0]++;
                cur = flush(cur, out, name, baseDir);
                continue;
            }
            if (t.is("}")) {
                if (depth == 0) {
                    flush(cur, out, name, baseDir);
                    return out;
                }
                pos[0]++;
                flush(cur, out, name, baseDir);
                return out;
            }
            pos[0]++;
            if (t.is("{")) {
                List<KeepalivedNode> kids = block(stream, pos, name, baseDir, depth + 1);
                if (cur == null && !out.isEmpty()) {
                    // brace on the line after its keyword
                    KeepalivedNode prev = out.remove(out.size() - 1);
                    List<KeepalivedNode> all = new ArrayList<>(prev.children());
                    all.addAll(kids);
                    out.add(new KeepalivedNode(prev.keyword(), prev.args(), all, prev.where()));
                } else if (cur == null) {
                    warnings.add(name + ":" + t.line() + ": block without a keyword ignored");
                } else {
                    cur.children.addAll(kids);
                    cur = flush(cur, out, name, baseDir);
                }
                continue;
            }
            if (cur == null) {
                cur = new Pending();
                cur.line = t.line();
            }
            cur.words.add(t.text());
        }
        flush(cur, out, name, baseDir);
        if (depth > 0) {
            warnings.add(name + ": end of file inside a block (missing '}')");
        }
        return out;
    }

    private Pending flush(Pending p, List<KeepalivedNode> out, String name, Path baseDir) {
        if (p == null || p.words.isEmpty()) {
            return null;
        }
        String where = name + ":" + p.line;
        if (p.words.get(0).equals("include") && p.children.isEmpty()) {
            if (p.words.size() < 2) {
                warnings.add(where + ": include without a file");
            } else {
                out.addAll(include(p.words.get(1), baseDir, where));
            }
            return null;
        }
        out.add(new KeepalivedNode(p.words.get(0), p.words.subList(1, p.words.size()), p.children, where));
        return null;
    }

    private List<KeepalivedNode> include(String pattern, Path baseDir, String where) {
        Path target = baseDir == null ? Path.of(pattern) : baseDir.resolve(pattern);
        List<KeepalivedNode> out = new ArrayList<>();
        String last = target.getFileName().toString();
        List<Path> files = new ArrayList<>();
        if (last.contains("*") || last.contains("?") || last.contains("[")) {
            TreeSet<Path> sorted = new TreeSet<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(target.getParent(), last)) {
                ds.forEach(sorted::add);
            } catch (IOException e) {
                warnings.add(where + ": include " + pattern + ": " + e.getMessage());
            }
            files.addAll(sorted);
        } else {
            files.add(target);
        }
        for (Path f : files) {
            try {
                out.addAll(file(f.toAbsolutePath().normalize()));
            } catch (IOException e) {
                warnings.add(where + ": include " + f + " cannot be read: " + e.getMessage());
            }
        }
        return out;
    }

    private static List<List<Token>> tokenize(String text) {
        List<List<Token>> lines = new ArrayList<>();
        String[] raw = text.split("\r?\n", -1);
        for (int n = 0; n < raw.length; n++) {
            String s = raw[n];
            List<Token> toks = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '#' || c == '!') {
                    break;
                } else if (c == '{' || c == '}') {
                    toks.add(new Token(String.valueOf(c), false, n + 1));
                    i++;
                } else if (c == '"') {
                    int end = s.indexOf('"', i + 1);
                    if (end < 0) {
                        end = s.length();
                    }
                    toks.add(new Token(s.substring(i + 1, end), true, n + 1));
                    i = end + 1;
                } else {
                    int j = i;
                    while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && s.charAt(j) != '{'
                            && s.charAt(j) != '}' && s.charAt(j) != '"') {
                        j++;
                    }
                    toks.add(new Token(s.substring(i, j), false, n + 1));
                    i = j;
                }
            }
            lines.add(toks);
        }
        return lines;
    }
}
