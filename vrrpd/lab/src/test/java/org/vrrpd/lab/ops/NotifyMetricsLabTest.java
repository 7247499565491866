package org.vrrpd.lab.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * Notify scripts (as the unprivileged script_user, in transition order, keepalived's arguments), the notify
 * FIFO, and the metrics endpoint checked by {@code promtool}.
 */
@Tag("lab")
class NotifyMetricsLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    private static String script(Path log, String tag) {
        return "[/bin/sh, -c, 'echo \"" + tag + " $(id -un) $*\" >> " + log + "', notify]";
    }

    @Test
    void notifyScriptsAndFifo_shouldSeeEveryTransitionInOrder() throws Exception {
        try (Routers o = Routers.of(Variant.V3_IPV4).build()) {
            // the script user (nobody) must be able to reach its log through the lab's private work dir
            Files.setPosixFilePermissions(o.lab.workDir(), PosixFilePermissions.fromString("rwx--x--x"));
            Path dir = o.lab.workDir().resolve("notify");
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path log = dir.resolve("scripts.log");
            Path fifo = o.lab.workDir().resolve("notify.fifo");
            o.lab.run("mkfifo", fifo.toString());
            StringBuffer fifoText = new StringBuffer();
            // O_RDWR opens a FIFO without waiting for a writer; a daemon thread drains it
            RandomAccessFile reader = new RandomAccessFile(fifo.toFile(), "rw");
            Thread drain = new Thread(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = reader.read(buf)) > 0;) {
                        fifoText.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }, "fifo-reader");
            drain.setDaemon(true);
            drain.start();
            String extra = "    notify: " + script(log, "notify") + "\n"
                    + "    notify_master: " + script(log, "master") + "\n"
                    + "    notify_backup: " + script(log, "backup") + "\n"
                    + "    notify_stop: " + script(log, "stop") + "\n";
            String global = "  script_user: nobody\n  notify_fifo: " + fifo + "\n"
                    + "  metrics:\n    listen: 127.0.0.1:9650\n";
            VrrpdNode r1 = VrrpdNode.start(o.lab, "r1", global, Ops.instance("vi", 42, 200, 100, 100, extra));
            String withFault = extra + "    notify_fault: " + script(log, "fault") + "\n";
            try {
                Poll.until("r1 Master", SETTLE, () -> r1.state("vi").equals("MASTER"));
                Poll.until("master scripts ran", SETTLE, () -> Files.exists(log)
                        && Files.readAllLines(log).size() >= 4);
                String metrics = o.lab.exec("r1", "python3", "-c", "import urllib.request,sys;"
                        + "sys.stdout.write(urllib.request.urlopen('http://127.0.0.1:9650/metrics').read().decode())");
                assertTrue(metrics.contains("vrrpd_instance_state{vrrp_instance=\"vi\",state=\"MASTER\"} 1"), metrics);
                assertTrue(metrics.contains("vrrpd_adverts_sent_total{vrrp_instance=\"vi\"}"), metrics);
                assertEquals("", promtool(metrics));
                System.out.println("metrics: " + metrics.lines().count() + " lines, promtool check metrics clean");
                // a reload that only adds notify_fault keeps the router and uses the new script at once
                r1.rewrite(global, Ops.instance("vi", 42, 200, 100, 100, withFault));
                Ops.CtlResult reload = Ops.vrrpctl(r1, "reload");
                assertEquals(0, reload.exit(), reload.err());
                assertTrue(reload.out().contains("1 unchanged"), reload.out());
                assertEquals(0, Ops.vrrpctl(r1, "maintenance", "on").exit());
                Poll.until("fault scripts ran", SETTLE, () -> Files.readAllLines(log).size() >= 6);
                r1.process().signal("TERM");
                r1.process().waitForExit(Duration.ofSeconds(15));
            } finally {
                r1.close();
            }
            Poll.until("stop scripts ran", SETTLE, () -> Files.readAllLines(log).size() >= 8);
            Poll.until("fifo lines", SETTLE, () -> fifoText.toString().lines().count() >= 4);
            List<String> lines = Files.readAllLines(log);
            System.out.println("notify scripts:\n  " + String.join("\n  ", lines));
            System.out.println("notify fifo:\n  " + fifoText.toString().strip().replace("\n", "\n  "));
            assertEquals(List.of("backup nobody ", "notify nobody INSTANCE vi BACKUP 200", "master nobody ",
                    "notify nobody INSTANCE vi MASTER 200", "fault nobody ", "notify nobody INSTANCE vi FAULT 200",
                    "stop nobody "), lines.subList(0, 7));
            assertTrue(lines.get(7).startsWith("notify nobody INSTANCE vi STOP "), lines.get(7));
            List<String> fifoLines = fifoText.toString().lines().toList();
            assertEquals(List.of("INSTANCE \"vi\" BACKUP 200", "INSTANCE \"vi\" MASTER 200",
                    "INSTANCE \"vi\" FAULT 200"), fifoLines.subList(0, 3));
            assertTrue(fifoLines.get(3).startsWith("INSTANCE \"vi\" STOP "), fifoLines.get(3));
            reader.close();
        }
    }

    /** {@code promtool check metrics} (Debian package prometheus; required in the lab). */
    static String promtool(String text) throws Exception {
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream out = p.getOutputStream()) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String said;
        try (InputStream in = p.getInputStream()) {
            said = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue() == 0 ? "" : "exit " + p.exitValue() + ": " + said;
    }
}
