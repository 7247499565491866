package org.vrrpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vrrpd.daemon.systemd.SignalSet;

class DaemonSignalsTest {

    @Test
    void termAndInt_stopOnTheThreadThatReadThem() {
        List<String> ran = new CopyOnWriteArrayList<>();
        DaemonSignals.Actions actions = new DaemonSignals.Actions(
                () -> ran.add("stop on " + Thread.currentThread().getName()), () -> ran.add("reload"));
        DaemonSignals.dispatch(SignalSet.SIGTERM, actions);
        DaemonSignals.dispatch(SignalSet.SIGINT, actions);
        String me = Thread.currentThread().getName();
        assertEquals(List.of("stop on " + me, "stop on " + me), ran); // already done when dispatch returned
    }

    @Test
    void hup_reloadsOnAThreadOfItsOwn_soTheProtocolThreadNeverWaitsForIt() throws Exception {
        CompletableFuture<String> reloadThread = new CompletableFuture<>();
        DaemonSignals.dispatch(SignalSet.SIGHUP, new DaemonSignals.Actions(
                () -> reloadThread.complete("stop"), () -> reloadThread.complete(Thread.currentThread().getName())));
        assertEquals("SIGHUP handler", reloadThread.get(5, TimeUnit.SECONDS));
    }

    @Test
    void anotherSignal_doesNothing() {
        List<String> ran = new CopyOnWriteArrayList<>();
        DaemonSignals.dispatch(28, new DaemonSignals.Actions(() -> ran.add("stop"), () -> ran.add("reload")));
        assertEquals(List.of(), ran);
    }

    @Test
    void printThreads_listsEveryThreadWithItsStack_asTheJvmsSigquitAnswerWould() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DaemonSignals.printThreads(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String dump = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(dump.startsWith("Thread dump (SIGQUIT)\n"), dump);
        assertTrue(dump.contains("\"" + Thread.currentThread().getName() + "\""), dump);
        assertTrue(dump.contains("org.vrrpd.daemon.DaemonSignals.printThreads("), dump);
    }
}
