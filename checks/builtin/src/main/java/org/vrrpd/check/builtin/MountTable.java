package org.vrrpd.check.builtin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the mount a path lives on from {@code /proc/self/mountinfo}: the entry with the longest mount point
 * that is a prefix of the path (the later entry wins when one mount covers another at the same point).
 */
final class MountTable {

    /** One mount: where, what type, and from where. */
    record Mount(String mountPoint, String fsType, String source) {
    }

    private MountTable() {
    }

    static Optional<Mount> find(Path mountinfo, Path absolutePath) throws IOException {
        String path = absolutePath.toString();
        Mount best = null;
        for (String line : Files.readAllLines(mountinfo, StandardCharsets.UTF_8)) {
            Mount m = parse(line);
            if (m == null || !covers(m.mountPoint(), path)) {
                continue;
            }
            if (best == null || m.mountPoint().length() >= best.mountPoint().length()) {
                best = m;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Parses one mountinfo line; null when malformed. */
    static Mount parse(String line) {
        String[] f = line.split(" ");
        int sep = -1;
        for (int i = 6; i < f.length; i++) {
            if (f[i].equals("-")) {
                sep = i;
                break;
            }
        }
        if (f.length < 7 || sep < 0 || sep + 2 >= f.length) {
            return null;
        }
        return new Mount(unescape(f[4]), unescape(f[sep + 1]), unescape(f[sep + 2]));
    }

    private static boolean covers(String mountPoint, String path) {
        return mountPoint.equals("/") || path.equals(mountPoint) || path.startsWith(mountPoint + "/");
    }

    /** Undoes the kernel's octal escapes: {@code \040} space, {@code \011} tab, {@code \012} newline, {@code \134}. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\'
                    && isOctal(s, i + 1) && isOctal(s, i + 2) && isOctal(s, i + 3)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
    }
}
