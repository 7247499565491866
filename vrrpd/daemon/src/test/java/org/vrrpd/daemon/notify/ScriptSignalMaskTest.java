package org.vrrpd.daemon.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.check.builtin.ScriptProcesses;
import org.vrrpd.daemon.systemd.SignalSet;
import org.vrrpd.net.NativeCalls;

/**
 * A daemon started by /usr/sbin/vrrpd blocks SIGHUP, SIGINT, SIGQUIT and SIGTERM in every thread, and a process
 * starts with the mask of the thread that started it: scripts must get them back. Each case runs on a thread that
 * blocks them as the daemon's threads do, and reads the started process's own mask (cp of /proc/self/status).
 */
class ScriptSignalMaskTest {

    private static final int SIG_BLOCK = 0;

    @Test
    void aProcessStartedPlainly_inheritsTheBlockedSignals_theHazard(@TempDir Path dir) throws Exception {
        Path status = dir.resolve("status");
        onBlockingThread(() -> new ProcessBuilder("/bin/cp", "/proc/self/status", status.toString()).start()
                .waitFor(5, TimeUnit.SECONDS));
        assertEquals(SignalSet.HANDLED, ScriptProcesses.blockedIn(Files.readString(status)) & SignalSet.HANDLED);
    }

    @Test
    void aNotifyScript_startsWithTheSignalsUnblocked(@TempDir Path dir) throws Exception {
        Path status = dir.resolve("status");
        ScriptRunner.Outcome o = onBlockingThread(() -> ScriptRunner.asSelf(Duration.ofSeconds(5))
                .run(List.of("/bin/cp", "/proc/self/status", status.toString())));
        assertTrue(o.ok(), o.failure());
        assertEquals(0, ScriptProcesses.blockedIn(Files.readString(status)) & SignalSet.HANDLED);
    }

    @Test
    void aScriptWhosePathHoldsAnEqualsSign_stillRuns_andUnblocked(@TempDir Path dir) throws Exception {
        Path cp = Files.createSymbolicLink(dir.resolve("cp=copy"), Path.of("/bin/cp"));
        Path status = dir.resolve("status");
        List<String> argv = List.of(cp.toString(), "/proc/self/status", status.toString());
        List<String> wrapped = onBlockingThread(() -> ScriptProcesses.withDefaultSignals(argv));
        assertNotEquals(argv, wrapped);
        ScriptRunner.Outcome o = onBlockingThread(() -> ScriptRunner.asSelf(Duration.ofSeconds(5)).run(argv));
        assertTrue(o.ok(), o.failure());
        assertEquals(0, ScriptProcesses.blockedIn(Files.readString(status)) & SignalSet.HANDLED);
    }

    @Test
    void onAThreadThatBlocksNone_theArgvIsLeftAsItIs() {
        List<String> argv = List.of("/bin/true");
        assertSame(argv, ScriptProcesses.withDefaultSignals(argv));
    }

    /** Runs {@code body} on a new thread that blocks SIGHUP, SIGINT, SIGQUIT and SIGTERM, as the launcher does. */
    private static <T> T onBlockingThread(Callable<T> body) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                int rc = NativeCalls.load().libc().pthread_sigmask(SIG_BLOCK, SignalSet.sigset(SignalSet.HANDLED),
                        new byte[128]);
                if (rc != 0) {
                    throw new IllegalStateException("pthread_sigmask: " + rc);
                }
                result.complete(body.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        }, "blocking-signals");
        t.start();
        return result.get(30, TimeUnit.SECONDS);
    }
}
