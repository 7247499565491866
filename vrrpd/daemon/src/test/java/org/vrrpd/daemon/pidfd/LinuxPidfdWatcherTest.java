package org.vrrpd.daemon.pidfd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The watcher contract on Linux pidfds, watching {@code sleep} processes this test starts and kills. */
@EnabledOnOs(OS.LINUX)
class LinuxPidfdWatcherTest extends PidfdWatcherContract {

    private final Map<Long, Process> started = new HashMap<>();

    @Override
    PidfdCalls calls() {
        return PidfdCalls.linux();
    }

    @Override
    long startProcess() throws IOException {
        Process p = new ProcessBuilder("sleep", "60").start();
        started.put(p.pid(), p);
        return p.pid();
    }

    @Override
    void kill(long pid) {
        started.get(pid).destroyForcibly();
    }

    @Override
    void awaitGone(long pid) throws Exception {
        assertTrue(started.get(pid).waitFor(5, TimeUnit.SECONDS), "sleep " + pid + " not reaped within 5 s");
    }

    @AfterEach
    void killLeftovers() {
        started.values().forEach(Process::destroyForcibly);
    }
}
