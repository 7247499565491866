package org.vrrpd.daemon.systemd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalSetTest {

    @Test
    void handled_isHupIntQuitTerm_asTheKernelNumbersThem() {
        assertEquals(1L << 0 | 1L << 1 | 1L << 2 | 1L << 14, SignalSet.HANDLED); // signal n is bit n - 1
    }

    @Test
    void sigset_isGlibcs128ByteSet_withSignalNAtBitNMinusOne() {
        byte[] set = SignalSet.sigset(SignalSet.bit(SignalSet.SIGTERM));
        assertEquals(128, set.length);
        assertEquals(1L << 14, ByteBuffer.wrap(set).order(ByteOrder.nativeOrder()).getLong());
        assertArrayEquals(new byte[120], java.util.Arrays.copyOfRange(set, 8, 128));
    }

    @Test
    void blockedInEveryTask_needsEveryThreadToBlockEverySignal(@TempDir Path tasks) throws Exception {
        task(tasks, "100", "SigBlk:\t0000000000004007\n");
        task(tasks, "101", "SigBlk:\t0000000000004007\n");
        assertTrue(SignalSet.blockedInEveryTask(tasks, SignalSet.HANDLED));
        task(tasks, "102", "SigBlk:\t0000000000000004\n"); // a JVM thread: only SIGQUIT, as without -Xrs
        assertFalse(SignalSet.blockedInEveryTask(tasks, SignalSet.HANDLED));
        assertTrue(SignalSet.blockedInEveryTask(tasks, SignalSet.bit(SignalSet.SIGQUIT)));
    }

    @Test
    void blockedInEveryTask_isFalseForNoThreadsOrNoDirectory(@TempDir Path tasks) {
        assertFalse(SignalSet.blockedInEveryTask(tasks, SignalSet.HANDLED));
        assertFalse(SignalSet.blockedInEveryTask(tasks.resolve("missing"), SignalSet.HANDLED));
    }

    @Test
    void thisTestJvm_doesNotBlockTheSignals_soTheDaemonWouldUseTheJdkHandlers() {
        assertFalse(SignalSet.blockedInEveryThread(SignalSet.HANDLED));
    }

    private static void task(Path tasks, String tid, String status) throws Exception {
        Files.createDirectories(tasks.resolve(tid));
        Files.writeString(tasks.resolve(tid).resolve("status"), "Name:\tx\n" + status);
    }
}
