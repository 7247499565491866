package org.vrrpd.check.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.check.api.CheckResult;

class NfsCheckTest {

    @TempDir
    Path dir;

    private final AtomicInteger threadsMade = new AtomicInteger();
    private final ThreadFactory threads = r -> {
        threadsMade.incrementAndGet();
        Thread t = new Thread(r, "nfs-probe-test");
        t.setDaemon(true);
        return t;
    };

    private String tmpFsType() throws Exception {
        return MountTable.find(Paths.get("/proc/self/mountinfo"), dir.toRealPath()).orElseThrow().fsType();
    }

    private NfsCheck check(Map<String, Object> extra, NfsCheck.Probe probe) throws Exception {
        Map<String, Object> yaml = new HashMap<>(Map.of("directory", dir.toString()));
        yaml.putAll(extra);
        NfsConfig c = Configs.bind(yaml, NfsConfig.class);
        c.setTimeout(Duration.ofMillis(300));
        return new NfsCheck(c, Paths.get("/proc/self/mountinfo"), probe, threads);
    }

    @Test
    void probe_shouldWriteReadDelete_onAMountOfAnExpectedType() throws Exception {
        try (NfsCheck c = check(Map.of("fs_types", List.of("nfs", tmpFsType())), null)) {
            CheckResult r = c.run(new FakeContext(Duration.ofSeconds(5)));
            assertTrue(r.up(), r.message());
            try (var files = Files.list(dir)) {
                assertEquals(0, files.count(), "probe file deleted");
            }
        }
    }

    @Test
    void directoryOnAnotherFileSystemType_shouldBeDown_likeAnUnmountedShare() throws Exception {
        try (NfsCheck c = check(Map.of(), null)) {
            CheckResult r = c.run(new FakeContext(Duration.ofSeconds(5)));
            assertFalse(r.up());
            assertTrue(r.message().contains("is on " + tmpFsType() + " (mount "), r.message());
            assertTrue(r.message().endsWith("expected nfs or nfs4; is the share mounted?"), r.message());
        }
    }

    @Test
    void slowerThanMaxLatency_shouldBeDown() throws Exception {
        try (NfsCheck c = check(Map.of("fs_types", List.of(tmpFsType()), "max_latency", "0"), null)) {
            CheckResult r = c.run(new FakeContext(Duration.ofSeconds(5)));
            assertFalse(r.up());
            assertTrue(r.message().startsWith("probe took ") || r.message().endsWith(
                    " not done within max_latency 0ms (mount slow or hung?)"), r.message());
        }
    }

    @Test
    void hungProbe_shouldTimeOut_andLaterRunsMustNotStartMoreThreads() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger probes = new AtomicInteger();
        NfsCheck.Probe hangs = d -> {
            if (probes.incrementAndGet() == 1) {
                while (true) { // like a write in uninterruptible sleep: interrupts don't help
                    try {
                        if (release.await(1, TimeUnit.MINUTES)) {
                            break;
                        }
                    } catch (InterruptedException e) {
                        // ignored on purpose
                    }
                }
            }
            return CheckResult.up(Duration.ZERO, "ok");
        };
        try (NfsCheck c = check(Map.of(), hangs)) {
            CheckResult first = c.run(new FakeContext(Duration.ofMillis(300)));
            assertEquals("probe in " + dir + " did not finish within 300ms (mount hung?)", first.message());
            for (int i = 0; i < 5; i++) {
                CheckResult again = c.run(new FakeContext(Duration.ofMillis(300)));
                assertTrue(again.message().startsWith("previous probe still hung for "), again.message());
            }
            assertEquals(1, probes.get());
            assertEquals(1, threadsMade.get());
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            CheckResult r;
            do {
                r = c.run(new FakeContext(Duration.ofSeconds(1)));
            } while (!r.up() && System.nanoTime() < deadline);
            assertTrue(r.up(), r.message());
            assertEquals(1, threadsMade.get(), "the freed thread is reused");
        }
    }

    @Test
    void hungProbe_shouldBeDownAtMaxLatency_whenThatComesBeforeTheTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        NfsCheck.Probe hangs = d -> {
            release.await(1, TimeUnit.MINUTES);
            return CheckResult.up(Duration.ZERO, "ok");
        };
        try (NfsCheck c = check(Map.of("max_latency", "100ms"), hangs)) {
            FakeContext ctx = new FakeContext(Duration.ofSeconds(30));
            long t0 = System.nanoTime();
            CheckResult first = c.run(ctx);
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals("probe in " + dir + " not done within max_latency 100ms (mount slow or hung?)",
                    first.message());
            assertTrue(waitedMs < 25_000, "returned at max_latency, not at the 30 s deadline: " + waitedMs + " ms");
            CheckResult again = c.run(ctx); // a fast retry: the round is still out, down at once
            assertTrue(again.message().startsWith("previous probe still hung for "), again.message());
            release.countDown();
        }
    }

    @Test
    void mountTable_shouldBeReadAgain_whenTheDirectorysDeviceChanges(@TempDir Path etc) throws Exception {
        Path mi = etc.resolve("mountinfo");
        String point = dir.toRealPath().toString();
        Files.writeString(mi, "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n36 22 0:32 / " + point
                + " rw,relatime shared:1 - nfs4 nas:/mail rw,vers=4.2\n");
        AtomicLong dev = new AtomicLong(32);
        NfsConfig cfg = Configs.bind(Map.of("directory", dir.toString()), NfsConfig.class);
        try (NfsCheck c = new NfsCheck(cfg, mi, null, threads, p -> dev.get())) {
            CheckResult mounted = c.run(new FakeContext(Duration.ofSeconds(5)));
            assertTrue(mounted.up() && mounted.message().contains(" on nfs4 nas:/mail in "), mounted.message());
            // the share unmounted: the directory is on the root file system now, and the table says so
            Files.writeString(mi, "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n");
            CheckResult sameDevice = c.run(new FakeContext(Duration.ofSeconds(5)));
            assertTrue(sameDevice.up(), "the table is not read again while the device stays: " + sameDevice.message());
            dev.set(1);
            CheckResult unmounted = c.run(new FakeContext(Duration.ofSeconds(5)));
            assertFalse(unmounted.up());
            assertTrue(unmounted.message().contains(" is on ext4 (mount /), expected nfs or nfs4;"),
                    unmounted.message());
        }
    }

    @Test
    void mountTable_shouldPickLongestPrefix_andUnescape(@TempDir Path tmp) throws Exception {
        Path mi = tmp.resolve("mountinfo");
        Files.writeString(mi, String.join("\n",
                "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
                "40 22 0:50 / /var/spool rw - tmpfs tmpfs rw",
                "41 40 0:51 / /var/spool/mail\\040share rw shared:7 - nfs4 nas:/mail rw,vers=4.2",
                "42 22 0:52 / /var/spool/mailbox rw - fuse.vrrpdstore store rw") + "\n");
        assertEquals(new MountTable.Mount("/var/spool/mail share", "nfs4", "nas:/mail"),
                MountTable.find(mi, Paths.get("/var/spool/mail share/x")).orElseThrow());
        assertEquals("tmpfs", MountTable.find(mi, Paths.get("/var/spool/mail")).orElseThrow().fsType());
        assertEquals("ext4", MountTable.find(mi, Paths.get("/home")).orElseThrow().fsType());
    }
}
