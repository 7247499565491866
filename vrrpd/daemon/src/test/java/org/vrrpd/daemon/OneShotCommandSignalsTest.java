package org.vrrpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot command started as /usr/sbin/vrrpd starts every command (SIGHUP, SIGINT, SIGQUIT and SIGTERM
 * blocked, {@code -Xrs}) still ends on Ctrl-C: {@code vrrpd check run} of a script check that sleeps 30 s, sent
 * SIGINT once the script runs, exits 130 at once.
 */
class OneShotCommandSignalsTest {

    @Test
    void sigint_endsACheckRunStartedLikeThePackage_with130(@TempDir Path tmp) throws Exception {
        Path cfg = Files.writeString(tmp.resolve("vrrpd.yaml"), "instances:\n  - name: vi\n    interface: eth0\n"
                + "    vrid: 7\n    vips: [192.0.2.10/24]\n    checks:\n      - {type: script, name: slow, "
                + "command: [/bin/sleep, \"30\"], timeout: 60s, allow_root: true}\n");
        List<String> cmd = List.of("/usr/bin/env", "--block-signal=HUP,INT,QUIT,TERM",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xrs", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "check", "run", "-f", cfg.toString(), "vi", "slow");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("out").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (p.descendants().noneMatch(d -> d.info().command().orElse("").endsWith("sleep"))) {
                assertTrue(p.isAlive(), "the command ended early: " + Files.readString(tmp.resolve("out")));
                assertTrue(System.nanoTime() < deadline, "the script never started");
                Thread.sleep(20);
            }
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "SIGINT did not end the command");
            assertEquals(130, p.exitValue(), Files.readString(tmp.resolve("out")));
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
