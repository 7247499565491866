package org.vrrpd.daemon.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.net.NativeCalls;

class StopNicenessTest {

    @Test
    void threads_areEveryThreadButTheNotifyThread(@TempDir Path dir) throws Exception {
        for (String[] t : new String[][] {{"101", "vrrpd-protocol"}, {"102", "vrrpd-notify"}, {"103", "main"},
                {"104", "C1 CompilerThre"}}) {
            Files.createDirectories(dir.resolve(t[0]));
            Files.writeString(dir.resolve(t[0]).resolve("comm"), t[1] + "\n");
        }
        assertEquals(List.of(101, 103, 104), StopNiceness.threads(dir).stream().sorted().toList());
    }

    @Test
    void setNice_lowersTheGivenThread_toNineteen() throws Exception {
        CompletableFuture<Integer> nice = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                int tid = NativeCalls.load().libc().gettid();
                assertEquals(1, TaskThreads.setNice(List.of(tid), StopNiceness.NICE));
                nice.complete(ThreadNice.current());
            } catch (Throwable e) {
                nice.completeExceptionally(e);
            }
        });
        t.start();
        assertEquals(19, nice.get(10, TimeUnit.SECONDS));
    }

    @Test
    void setIdle_putsTheGivenThreadUnderSchedIdle() throws Exception {
        CompletableFuture<Integer> policy = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                int tid = NativeCalls.load().libc().gettid();
                assertEquals(Niceness.SCHED_OTHER, NativeCalls.load().libc().sched_getscheduler(tid));
                assertEquals(1, TaskThreads.setIdle(List.of(tid)));
                policy.complete(NativeCalls.load().libc().sched_getscheduler(tid));
            } catch (Throwable e) {
                policy.completeExceptionally(e);
            }
        });
        t.start();
        assertEquals(TaskThreads.SCHED_IDLE, policy.get(10, TimeUnit.SECONDS));
    }

    @Test
    void idleAllowed_unlessTheExitWritesTheCdsArchive() {
        assertTrue(StopNiceness.idleAllowed(null));
        assertTrue(StopNiceness.idleAllowed("false"));
        assertFalse(StopNiceness.idleAllowed("true"));
    }
}
