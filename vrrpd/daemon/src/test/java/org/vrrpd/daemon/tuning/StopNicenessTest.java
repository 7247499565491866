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
import org.vrrpd.net.LibC;
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
        assertEquals(19, onOwnThread(tid -> {
            assertEquals(1, TaskThreads.setNice(List.of(tid), StopNiceness.NICE));
            return ThreadNice.current();
        }));
    }

    @Test
    void setIdle_putsTheGivenThreadUnderSchedIdle() throws Exception {
        LibC libc = NativeCalls.load().libc();
        assertEquals(Niceness.SCHED_IDLE, onOwnThread(tid -> {
            assertEquals(Niceness.SCHED_OTHER, libc.sched_getscheduler(tid));
            assertEquals(1, TaskThreads.setIdle(List.of(tid)));
            return libc.sched_getscheduler(tid);
        }));
    }

    @Test
    void idleAllowed_unlessTheExitWritesTheCdsArchive() {
        assertTrue(StopNiceness.idleAllowed(null));
        assertTrue(StopNiceness.idleAllowed("false"));
        assertFalse(StopNiceness.idleAllowed("true"));
    }

    /** What a thread of its own, one this test may lower, returns when given its thread id. */
    private static int onOwnThread(ThreadWork work) throws Exception {
        CompletableFuture<Integer> out = new CompletableFuture<>();
        new Thread(() -> {
            try {
                out.complete(work.run(NativeCalls.load().libc().gettid()));
            } catch (Throwable e) {
                out.completeExceptionally(e);
            }
        }).start();
        return out.get(10, TimeUnit.SECONDS);
    }

    private interface ThreadWork {
        int run(int tid) throws Exception;
    }
}
