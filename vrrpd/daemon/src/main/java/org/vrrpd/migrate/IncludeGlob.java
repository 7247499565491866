package org.vrrpd.migrate;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The files an {@code include} names, as keepalived's {@code glob(3)} call finds them: a pattern relative to the
 * including file's directory, {@code * ? [...]} and {@code {a,b}} in any path element, names starting with a dot
 * matched only by a pattern element that starts with one, directories skipped, the result sorted.
 */
final class IncludeGlob {

    private IncludeGlob() {
    }

    static boolean hasGlob(String pattern) {
        return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /**
     * The regular files {@code pattern} names; empty when none (a missing plain name included). A pattern that is
     * no path or no glob (a NUL byte, an unclosed <code>{</code>) is an IOException saying so.
     */
    static List<Path> expand(Path dir, String pattern) throws IOException {
        try {
            return matches(dir, pattern);
        } catch (InvalidPathException | PatternSyntaxException e) {
            throw new IOException("not a valid path or pattern: " + e.getMessage().replace('\n', ' '), e);
        }
    }

    private static List<Path> matches(Path dir, String pattern) throws IOException {
        Path whole = dir == null ? Path.of(pattern) : dir.resolve(pattern);
        if (!hasGlob(pattern)) {
            Path f = whole.toAbsolutePath().normalize();
            return Files.isRegularFile(f) ? List.of(f) : List.of();
        }
        Path abs = whole.toAbsolutePath();
        Path root = abs.getRoot();
        List<String> fixed = new ArrayList<>();
        List<String> globbed = new ArrayList<>();
        for (Path element : abs) {
            String e = element.toString();
            if (globbed.isEmpty() && !hasGlob(e)) {
                fixed.add(e);
            } else {
                globbed.add(e);
            }
        }
        Path base = root;
        for (String e : fixed) {
            base = base.resolve(e);
        }
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + String.join("/", globbed));
        int depth = globbed.size();
        Path start = base;
        try (Stream<Path> walk = Files.walk(start, depth)) {
            return walk.filter(p -> start.relativize(p).getNameCount() == depth)
                    .filter(p -> matcher.matches(start.relativize(p)))
                    .filter(p -> dotsAllowed(start.relativize(p), globbed))
                    .filter(Files::isRegularFile)
                    .map(p -> p.toAbsolutePath().normalize())
                    .sorted()
                    .toList();
        }
    }

    private static boolean dotsAllowed(Path relative, List<String> globbed) {
        for (int i = 0; i < relative.getNameCount(); i++) {
            if (relative.getName(i).toString().startsWith(".") && !globbed.get(i).startsWith(".")) {
                return false;
            }
        }
        return true;
    }
}
