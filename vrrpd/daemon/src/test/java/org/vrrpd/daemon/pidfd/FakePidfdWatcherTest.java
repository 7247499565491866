package org.vrrpd.daemon.pidfd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The watcher contract on in-memory pidfds, plus what only the fake can see: every descriptor closed. */
class FakePidfdWatcherTest extends PidfdWatcherContract {

    private final FakePidfdCalls fake = new FakePidfdCalls();

    @Override
    PidfdCalls calls() {
        return fake;
    }

    @Override
    long startProcess() {
        return fake.start();
    }

    @Override
    void kill(long pid) {
        fake.kill(pid);
    }

    @Test
    void close_shouldCloseEveryPidfdAndTheEventfd() throws Exception {
        watcher = new PidfdWatcher(fake);
        watcher.watch(startProcess(), () -> { }).orElseThrow();
        watcher.watch(startProcess(), () -> { }).orElseThrow();
        assertEquals(3, fake.openFds());
        watcher.close();
        assertEquals(0, fake.openFds());
    }

    @Test
    void watcherWithoutWatches_shouldStartNoThreadAndOpenNothing() {
        watcher = new PidfdWatcher(fake);
        watcher.close();
        assertEquals(0, fake.openFds());
    }
}
