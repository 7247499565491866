package org.vrrpd.daemon.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.config.NotifyConfig;

class NotifyDispatcherTest {

    @TempDir
    Path dir;

    private List<String> appendArgs(Path log, String tag) {
        return List.of("/bin/sh", "-c", "echo \"" + tag + " $*\" >> '" + log + "'", "notify");
    }

    private static List<String> readLines(Path p) throws IOException {
        return Files.exists(p) ? Files.readAllLines(p) : List.of();
    }

    private static void await(java.util.function.BooleanSupplier cond, Duration max) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + max);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void scripts_shouldRunInTransitionOrder_withKeepalivedArguments() throws Exception {
        Path log = dir.resolve("log");
        NotifyConfig scripts = new NotifyConfig(appendArgs(log, "notify"), appendArgs(log, "master"),
                appendArgs(log, "backup"), appendArgs(log, "fault"), appendArgs(log, "stop"));
        try (NotifyDispatcher d = new NotifyDispatcher(ScriptRunner.asSelf(Duration.ofSeconds(10)),
                Optional.empty())) {
            d.submit(new NotifyEvent("VI_1", "BACKUP", 100, scripts));
            d.submit(new NotifyEvent("VI_1", "MASTER", 100, scripts));
            d.submit(new NotifyEvent("VI_1", "FAULT", 40, scripts));
            d.submit(new NotifyEvent("VI_1", "STOP", 40, scripts));
            await(() -> uncheckedLines(log).size() == 8, Duration.ofSeconds(20));
        }
        assertEquals(List.of("backup ", "notify INSTANCE VI_1 BACKUP 100", "master ", "notify INSTANCE VI_1 MASTER 100",
                "fault ", "notify INSTANCE VI_1 FAULT 40", "stop ", "notify INSTANCE VI_1 STOP 40"), readLines(log));
    }

    private static List<String> uncheckedLines(Path p) {
        try {
            return readLines(p);
        } catch (IOException e) {
            return List.of();
        }
    }

    @Test
    void hungScript_shouldBeKilledAtItsTimeout_andTheNextScriptRuns() throws Exception {
        Path log = dir.resolve("log");
        NotifyConfig hang = new NotifyConfig(List.of(), List.of("/bin/sleep", "30"), List.of(), List.of(), List.of());
        NotifyConfig after = new NotifyConfig(List.of(), List.of(), appendArgs(log, "backup"), List.of(), List.of());
        long start = System.nanoTime();
        try (NotifyDispatcher d = new NotifyDispatcher(ScriptRunner.asSelf(Duration.ofMillis(300)),
                Optional.empty())) {
            d.submit(new NotifyEvent("a", "MASTER", 100, hang));
            d.submit(new NotifyEvent("a", "BACKUP", 100, after));
            await(() -> uncheckedLines(log).size() == 1, Duration.ofSeconds(10));
            assertEquals(1, d.scriptFailures());
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
    }

    @Test
    void submit_shouldNeverBlock_andShouldDropNewestWhenTheQueueIsFull() {
        NotifyConfig hang = new NotifyConfig(List.of(), List.of("/bin/sleep", "30"), List.of(), List.of(), List.of());
        NotifyDispatcher d = new NotifyDispatcher(ScriptRunner.asSelf(Duration.ofSeconds(60)), Optional.empty());
        long start = System.nanoTime();
        for (int i = 0; i < NotifyDispatcher.QUEUE + 11; i++) {
            d.submit(new NotifyEvent("a", "MASTER", 100, hang));
        }
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        d.close(Duration.ZERO);
        assertTrue(tookMs < 2000, "submitting took " + tookMs + " ms");
        assertTrue(d.droppedEvents() >= 10, "dropped " + d.droppedEvents());
    }

    @Test
    void fifo_shouldDropLinesWithoutBlocking_whenNoReader_andDeliverInOrderOnceOneAttaches() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        try (NotifyFifo f = new NotifyFifo(fifo)) {
            assertEquals(NotifyFifo.Result.NO_READER, f.write("INSTANCE \"VI_1\" BACKUP 100\n"));
            // O_RDWR opens a FIFO without waiting for a writer: it is our reader
            try (RandomAccessFile reader = new RandomAccessFile(fifo.toFile(), "rw")) {
                assertEquals(NotifyFifo.Result.WRITTEN, f.write("INSTANCE \"VI_1\" MASTER 100\n"));
                assertEquals(NotifyFifo.Result.WRITTEN, f.write("INSTANCE \"VI_1\" FAULT 40\n"));
                byte[] buf = new byte[256];
                int n = reader.read(buf);
                assertEquals("INSTANCE \"VI_1\" MASTER 100\nINSTANCE \"VI_1\" FAULT 40\n",
                        new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void fifo_shouldSurviveItsReaderLeaving_andReachTheNextReader() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        try (NotifyFifo f = new NotifyFifo(fifo)) {
            try (RandomAccessFile reader = new RandomAccessFile(fifo.toFile(), "rw")) {
                assertEquals(NotifyFifo.Result.WRITTEN, f.write("INSTANCE \"VI_1\" BACKUP 100\n"));
            }
            // no reader left: EPIPE (the JVM ignores SIGPIPE), the descriptor is dropped
            assertEquals(NotifyFifo.Result.NO_READER, f.write("INSTANCE \"VI_1\" MASTER 100\n"));
            assertEquals(NotifyFifo.Result.NO_READER, f.write("INSTANCE \"VI_1\" MASTER 100\n"));
            try (RandomAccessFile reader = new RandomAccessFile(fifo.toFile(), "rw")) {
                assertEquals(NotifyFifo.Result.WRITTEN, f.write("INSTANCE \"VI_1\" FAULT 0\n"));
                byte[] buf = new byte[256];
                int n = reader.read(buf);
                assertEquals("INSTANCE \"VI_1\" FAULT 0\n", new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void fifo_shouldDropRatherThanBlock_whenThePipeIsFull() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        try (NotifyFifo f = new NotifyFifo(fifo);
             RandomAccessFile reader = new RandomAccessFile(fifo.toFile(), "rw")) {
            List<NotifyFifo.Result> results = new ArrayList<>();
            String line = "INSTANCE \"VI_1\" MASTER 100\n";
            for (int i = 0; i < 70_000 / line.length(); i++) {
                results.add(f.write(line));
            }
            assertTrue(results.contains(NotifyFifo.Result.FULL), "a 64 KiB pipe must fill up");
            assertEquals(NotifyFifo.Result.WRITTEN, results.get(0));
        }
    }

    @Test
    void dispatcher_shouldWriteFifoLinesInOrder() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        try (RandomAccessFile reader = new RandomAccessFile(fifo.toFile(), "rw")) {
            try (NotifyDispatcher d = new NotifyDispatcher(ScriptRunner.asSelf(Duration.ofSeconds(5)),
                    Optional.of(fifo))) {
                d.submit(new NotifyEvent("VI_1", "BACKUP", 100, NotifyConfig.NONE));
                d.submit(new NotifyEvent("VI_2", "MASTER", 254, NotifyConfig.NONE));
            }
            byte[] buf = new byte[256];
            int n = reader.read(buf);
            assertEquals("INSTANCE \"VI_1\" BACKUP 100\nINSTANCE \"VI_2\" MASTER 254\n",
                    new String(buf, 0, n, StandardCharsets.UTF_8));
        }
    }
}
