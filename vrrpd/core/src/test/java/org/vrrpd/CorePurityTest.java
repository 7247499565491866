package org.vrrpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The protocol core ({@code wire}, {@code fsm}) is pure: it takes bytes, values and "now" and returns values.
 * It must not reach sockets, Netty, jnr, threads, the wall clock or name resolution, so that every rule is
 * testable without I/O. This test reads the sources and names each offending line.
 */
class CorePurityTest {

    private static final Path MAIN = Path.of("src/main/java/org/vrrpd");

    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("^import\\s+(static\\s+)?io\\.netty\\."),
            Pattern.compile("^import\\s+(static\\s+)?jnr\\."),
            Pattern.compile("^import\\s+(static\\s+)?java\\.net\\.(?!Inet4Address|Inet6Address|InetAddress|UnknownHostException)"),
            Pattern.compile("^import\\s+(static\\s+)?java\\.nio\\.channels\\."),
            Pattern.compile("^import\\s+(static\\s+)?java\\.util\\.concurrent\\.(?!atomic\\.)"),
            Pattern.compile("\\bnew\\s+Thread\\b|\\bThread\\.(sleep|start|currentThread)\\b"),
            Pattern.compile("\\bSystem\\.(currentTimeMillis|nanoTime)\\b|\\bInstant\\.now\\b|\\bClock\\.system"),
            Pattern.compile("\\bInetAddress\\.(getByName|getAllByName|getLocalHost)\\b"),
            Pattern.compile("\\bnew\\s+(Socket|DatagramSocket|ServerSocket)\\b"));

    @Test
    void wireAndFsm_shouldImportNothingFromSocketsNettyJnrThreadsOrTheWallClock() throws IOException {
        List<String> offences = new ArrayList<>();
        int files = 0;
        for (String pkg : List.of("wire", "fsm")) {
            Path dir = MAIN.resolve(pkg);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path file : paths.filter(p -> p.toString().endsWith(".java")).toList()) {
                    files++;
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i).trim();
                        for (Pattern p : FORBIDDEN) {
                            if (p.matcher(line).find()) {
                                offences.add(file + ":" + (i + 1) + ": " + line);
                            }
                        }
                    }
                }
            }
        }
        assertFalse(files == 0, "no sources found under " + MAIN.toAbsolutePath());
        assertEquals(List.of(), offences, "the pure core reaches outside itself");
    }

    @Test
    void purityScan_shouldFlagAForbiddenImport() {
        // Guards the guard: the patterns must catch what they are meant to catch.
        String[] bad = {"import io.netty.channel.Channel;", "import jnr.ffi.Pointer;",
            "import java.net.DatagramSocket;", "import java.util.concurrent.Executor;", "Thread.sleep(10);",
            "long t = System.nanoTime();", "InetAddress.getByName(host)"};
        for (String line : bad) {
            assertFalse(FORBIDDEN.stream().noneMatch(p -> p.matcher(line).find()), "not flagged: " + line);
        }
        String[] good = {"import java.net.InetAddress;", "import java.net.Inet6Address;",
            "import java.util.concurrent.atomic.AtomicLong;", "import java.time.Duration;"};
        for (String line : good) {
            assertFalse(FORBIDDEN.stream().anyMatch(p -> p.matcher(line).find()), "wrongly flagged: " + line);
        }
    }
}
