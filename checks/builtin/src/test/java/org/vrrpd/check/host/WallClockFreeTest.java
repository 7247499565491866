package org.vrrpd.check.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The plugin hosts and the scheduler take no deadline, interval or timeout from the wall clock: in their sources the
 * only reads of it are the ones listed here (the monotonic clock's anchor, and the stamp people read). A new
 * {@code Instant.now()}, {@code Clock.systemUTC()} or {@code System.currentTimeMillis()} fails this test until it
 * is justified here.
 */
class WallClockFreeTest {

    private static final List<String> WALL_CLOCK = List.of("Instant.now(", "Clock.systemUTC(",
            "Clock.systemDefaultZone(", "System.currentTimeMillis(", "LocalDateTime.now(", "new Date(");

    /** file → the wall-clock reads it may make, each with its reason. */
    private static final Map<String, String> ALLOWED = Map.of(
            "runtime/MonotonicClock.java", "Instant.now(", // anchors nanoTime at the wall clock's time, once
            "runtime/CheckScheduler.java", "Clock.systemUTC(" // stamps CheckStatus.lastRun, nothing else
    );

    @Test
    void hostsAndScheduler_shouldReadTheWallClockOnlyWhereListed() throws IOException {
        Path root = Path.of("src/main/java/org/vrrpd/check");
        List<String> found = new ArrayList<>();
        for (String pkg : List.of("host", "runtime")) {
            try (Stream<Path> files = Files.list(root.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String rel = pkg + "/" + f.getFileName();
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        String code = lines.get(i).strip();
                        if (code.startsWith("*") || code.startsWith("/")) {
                            continue; // comments
                        }
                        for (String w : WALL_CLOCK) {
                            if (code.contains(w) && !w.equals(ALLOWED.get(rel))) {
                                found.add(rel + ":" + (i + 1) + ": " + code);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(Files.isDirectory(root.resolve("host")), "run from the module directory");
        assertEquals(List.of(), found, "wall-clock reads in the hosts or the scheduler");
    }
}
