package org.vrrpd.daemon.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.check.runtime.CheckScheduler;
import org.vrrpd.config.TrackedFile;
import org.vrrpd.status.CheckReport;

/** Tracked files in an instance's health: read at start, re-read on every change the watcher reports. */
class TrackFilesHealthTest {

    @TempDir
    Path dir;

    final ManualCheckTime time = new ManualCheckTime();
    final ManualCheckTime.Queue loop = new ManualCheckTime.Queue();
    final FakeChecks.Recorder router = new FakeChecks.Recorder();
    final InstanceHealth.SchedulerFactory factory = (instance, checks, listener) ->
            new CheckScheduler(checks, listener, time, time, time.workers, 0);
    FileWatcher watcher;
    InstanceHealth health;

    @AfterEach
    void close() {
        if (health != null) {
            health.close();
        }
        if (watcher != null) {
            watcher.close();
        }
    }

    private InstanceHealth health(int base, TrackedFile... files) throws Exception {
        watcher = FileWatcher.open();
        health = new InstanceHealth("vi", FakeChecks.checks(), List.of(), Map.of(), Map.of(), factory,
                router.tracking(base, loop), List.of(files), watcher);
        health.applyNow();
        return health;
    }

    private TrackedFile file(String name, int weight) {
        return new TrackedFile(name, dir.resolve(name), weight, false, OptionalInt.empty(), false);
    }

    /** Runs the protocol thread's queue until {@code done} holds or 5 s have passed. */
    private void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what + "; router saw "
                    + router.calls);
            loop.runAll();
            Thread.sleep(10); // between polls; the deadline above bounds the wait
        }
    }

    @Test
    void valueAtStart_shouldCount_andAMissingFileReadsZero() throws Exception {
        Files.writeString(dir.resolve("w"), "7\n");
        health(100, file("w", 3), file("missing", 50));
        assertEquals(121, router.priority);
    }

    @Test
    void writingANumber_shouldMoveThePriority_andDeletingTheFileReadsZero() throws Exception {
        health(100, file("w", 10));
        assertEquals(100, router.priority);
        Files.writeString(dir.resolve("w"), "5\n");
        await(() -> router.priority == 150, "priority 150 after writing 5");
        Path tmp = dir.resolve("w.new");
        Files.writeString(tmp, "-2");
        Files.move(tmp, dir.resolve("w"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        await(() -> router.priority == 80, "priority 80 after moving -2 in");
        Files.delete(dir.resolve("w"));
        await(() -> router.priority == 100, "priority 100 after deleting the file");
    }

    @Test
    void weightZero_shouldFaultWhileTheValueIsNonZero_andShowInTheReports() throws Exception {
        health(100, file("maint", 0));
        assertEquals(null, router.fault);
        Files.writeString(dir.resolve("maint"), "1");
        await(() -> router.fault != null, "a fault");
        assertTrue(router.fault.startsWith("tracked file 'maint' has value 1"), router.fault);
        CheckReport r = health.reports().get(0);
        assertEquals("file:maint", r.name());
        assertEquals("file", r.type());
        Files.writeString(dir.resolve("maint"), "0");
        await(() -> router.fault == null, "the fault to clear");
    }

    @Test
    void initFile_shouldCreateAMissingFile_andOverwriteOnlyWhenAsked() throws Exception {
        Path created = dir.resolve("created");
        Path kept = dir.resolve("kept");
        Path over = dir.resolve("over");
        Files.writeString(kept, "9\n");
        Files.writeString(over, "9\n");
        TrackFiles.initialise("vi", List.of(
                new TrackedFile("created", created, 1, false, OptionalInt.of(4), false),
                new TrackedFile("kept", kept, 1, false, OptionalInt.of(4), false),
                new TrackedFile("over", over, 1, false, OptionalInt.of(-3), true)));
        assertEquals("4\n", Files.readString(created));
        assertEquals("9\n", Files.readString(kept));
        assertEquals("-3\n", Files.readString(over));
    }
}
