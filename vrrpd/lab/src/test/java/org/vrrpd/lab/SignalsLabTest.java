package org.vrrpd.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.builtin.ScriptProcesses;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * The daemon's signals, started as /usr/sbin/vrrpd starts it (SIGHUP, SIGINT, SIGQUIT and SIGTERM blocked, read
 * from a signalfd on the protocol thread) and as a plain JVM (the JDK's handlers): SIGQUIT prints the threads and
 * changes nothing, SIGHUP reloads, SIGTERM hands over with a priority-0 advert and exits 0; a notify script runs
 * with the four signals unblocked.
 */
@Tag("lab")
class SignalsLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);
    /** SIGHUP, SIGINT, SIGQUIT and SIGTERM as bits of a SigBlk mask. */
    static final long FOUR = 0x4007L;

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    @Test
    void launchedLikeThePackage_signalsAreReadOnTheProtocolThread_andScriptsGetThemBack() throws Exception {
        try (Routers p = Routers.of(Variant.V3_IPV4).build()) {
            Files.setPosixFilePermissions(p.lab.workDir(), PosixFilePermissions.fromString("rwx--x--x"));
            Path dir = Files.createDirectories(p.lab.workDir().resolve("signals"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path status = dir.resolve("notify-master-status");
            String notify = "    notify_master: [/bin/cp, /proc/self/status, " + status + "]\n";
            try (VrrpdNode r1 = VrrpdNode.start(p.lab, "r1", "  script_user: nobody\n", p.instance(1, 200, notify));
                 VrrpdNode r2 = p.vrrpd(2, 100, null)) {
                Poll.until("r1 Master, r2 Backup", SETTLE, () -> "MASTER".equals(r1.state(Routers.NAME))
                        && "BACKUP".equals(r2.state(Routers.NAME)));
                assertTrue(r1.process().logText().contains("signals read by signalfd"), r1.process().logText());
                Poll.until("r1's notify_master ran", SETTLE, () -> Files.exists(status) && Files.size(status) > 0);
                String text = Files.readString(status);
                assertTrue(text.contains("\nSigBlk:"), text);
                long blocked = ScriptProcesses.blockedIn(text);
                assertEquals(0, blocked & FOUR, "the notify script ran with SigBlk " + Long.toHexString(blocked));

                r1.process().signal("QUIT");
                Poll.until("r1's thread dump", SETTLE, () -> r1.process().logText().contains("\"vrrpd-protocol\""));
                assertTrue(r1.process().isAlive(), "SIGQUIT ended the daemon");
                assertEquals("MASTER", r1.state(Routers.NAME));

                r1.process().signal("HUP");
                Poll.until("r1 reloaded on SIGHUP", SETTLE, () -> r1.process().logText().contains("reloaded "));
                assertEquals("MASTER", r1.state(Routers.NAME));

                handsOverOnSigterm(p, r1, r2, 200);
            }
        }
    }

    @Test
    void plainJvm_theJdksHandlersStillHandOver() throws Exception {
        try (Routers p = Routers.of(Variant.V3_IPV4).build();
             VrrpdNode r1 = VrrpdNode.startWithJdkSignals(p.lab, "r1", p.instance(1, 200, null));
             VrrpdNode r2 = p.vrrpd(2, 100, null)) {
            Poll.until("r1 Master, r2 Backup", SETTLE, () -> "MASTER".equals(r1.state(Routers.NAME))
                    && "BACKUP".equals(r2.state(Routers.NAME)));
            assertTrue(r1.process().logText().contains("signals read by JDK handlers"), r1.process().logText());
            handsOverOnSigterm(p, r1, r2, 200);
        }
    }

    private static void handsOverOnSigterm(Routers p, VrrpdNode master, VrrpdNode backup, int priority)
            throws Exception {
        master.process().signal("TERM");
        assertEquals(0, master.process().waitForExit(Duration.ofSeconds(15)), master.process().logText());
        Poll.until("r2 Master", SETTLE, () -> "MASTER".equals(backup.state(Routers.NAME)));
        Poll.until("r1's priority-0 advert captured", SETTLE,
                () -> p.advertsFrom(1).stream().anyMatch(f -> f.vrrpPriority() == 0));
        assertTrue(p.advertsFrom(1).stream().anyMatch(f -> f.vrrpPriority() == priority));
    }
}
