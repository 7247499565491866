package org.vrrpd.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Debian's {@code promtool} (package {@code prometheus}) for the monitoring tests. Without it a test is
 * skipped on a developer's machine, but fails when the environment variable {@code CI} is set (CI installs it
 * with test-lab/install-deps), so the rules are never silently left untested there.
 */
final class Promtool {

    /** What promtool printed and how it exited. */
    record Run(int exit, String output) {
    }

    private Promtool() {
    }

    /** The source tree's {@code monitoring/} folder (tests run in the module's folder, vrrpd/daemon). */
    static Path monitoring() {
        Path dir = Path.of(System.getProperty("user.dir")).resolve("../../monitoring").normalize();
        assertTrue(Files.isDirectory(dir), "no monitoring folder at " + dir);
        return dir;
    }

    /** promtool's path; skips the calling test without it, or fails it when {@code CI} is set. */
    static Path require() {
        return require(find(), System.getenv("CI"));
    }

    /** {@link #require()} with what was found and the value of {@code CI} (null when unset). */
    static Path require(Optional<Path> found, String ci) {
        if (found.isEmpty()) {
            if (ci != null && !ci.isEmpty()) {
                fail("promtool not found but CI=" + ci + " requires it: install Debian's prometheus package"
                        + " (test-lab/install-deps)");
            }
            Assumptions.abort("promtool not installed (Debian package prometheus); set CI=true to require it");
        }
        return found.get();
    }

    private static Optional<Path> find() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "promtool"));
                }
            }
        }
        candidates.add(Path.of("/usr/bin/promtool"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** Runs {@code promtool args...} in {@code dir}, giving it at most two minutes. */
    static Run run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(require().toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("promtool", ".out");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("promtool " + String.join(" ", args) + " did not finish within 120 s");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
