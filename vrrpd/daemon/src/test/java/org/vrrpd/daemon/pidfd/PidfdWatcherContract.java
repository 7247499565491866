package org.vrrpd.daemon.pidfd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.runtime.ProcessExits;

/**
 * What a {@link PidfdWatcher} promises, run against the in-memory {@link FakePidfdCalls} and against Linux pidfds
 * on real processes (the same tests, two process factories).
 */
abstract class PidfdWatcherContract {

    PidfdWatcher watcher;

    abstract PidfdCalls calls();

    /** Starts a process that runs until {@link #kill}ed; returns its pid. */
    abstract long startProcess() throws IOException;

    abstract void kill(long pid) throws Exception;

    @AfterEach
    void closeWatcher() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Test
    void exit_shouldCallTheWatchOnce_promptly() throws Exception {
        watcher = new PidfdWatcher(calls());
        long pid = startProcess();
        CountDownLatch exited = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Optional<ProcessExits.Watch> w = watcher.watch(pid, () -> {
            calls.incrementAndGet();
            exited.countDown();
        });
        assertTrue(w.isPresent());
        assertEquals(1, watcher.watched());
        long killed = System.nanoTime();
        kill(pid);
        assertTrue(exited.await(5, TimeUnit.SECONDS), "no exit callback within 5 s");
        long micros = (System.nanoTime() - killed) / 1000;
        assertTrue(micros < 1_000_000, "callback " + micros + " µs after the kill");
        assertEquals(1, calls.get());
        assertEquals(0, watcher.watched());
    }

    @Test
    void processNotRunning_shouldGiveNoWatch() throws Exception {
        watcher = new PidfdWatcher(calls());
        long pid = startProcess();
        kill(pid);
        awaitGone(pid);
        assertFalse(watcher.watch(pid, () -> { }).isPresent());
    }

    @Test
    void cancelledWatch_shouldNotBeCalled_andOtherWatchesStillFire() throws Exception {
        watcher = new PidfdWatcher(calls());
        long a = startProcess();
        long b = startProcess();
        AtomicInteger aCalls = new AtomicInteger();
        CountDownLatch bExited = new CountDownLatch(1);
        ProcessExits.Watch wa = watcher.watch(a, aCalls::incrementAndGet).orElseThrow();
        watcher.watch(b, bExited::countDown).orElseThrow();
        wa.cancel();
        assertEquals(1, watcher.watched());
        kill(a);
        kill(b);
        assertTrue(bExited.await(5, TimeUnit.SECONDS));
        assertEquals(0, aCalls.get(), "a cancelled watch fires nothing");
    }

    /** Waits (with a deadline) until {@code pid} can no longer be watched: a killed child is reaped. */
    void awaitGone(long pid) throws Exception {
    }
}
