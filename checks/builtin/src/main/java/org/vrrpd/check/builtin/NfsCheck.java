package org.vrrpd.check.builtin;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;

/**
 * Proves a shared mount works end to end: the directory must sit on a mount of an expected type (so an
 * unmounted share, where the directory is just an empty directory on the root disk, fails), then a uniquely
 * named probe file is written, fsynced ({@link FileChannel#force}), read back, compared and deleted, within
 * {@code max_latency}. A run waits for the probe no longer than {@code max_latency} (or its timeout, when that
 * is shorter): a round not done by then is down whatever happens next, so a hung or slow store fails the run
 * at {@code max_latency} rather than at the timeout.
 *
 * <p><b>Hung mounts.</b> A write to a dead NFS server can block in uninterruptible sleep forever; no Java thread
 * can be freed from that. So the file system work runs on this check's own single probe thread and the run only
 * waits for it until the deadline. A probe still stuck at the next run is reported ("previous probe still hung
 * for 12s") without starting another one: one check never holds more than one thread in the kernel, however long
 * the mount stays hung, and the scheduler's worker is never the one stuck.
 */
public final class NfsCheck implements Check {

    /** The file system work, replaceable in tests by a probe that hangs. */
    interface Probe {
        CheckResult probe(Path directory) throws Exception;
    }

    /** The device a path is on ({@code st_dev}), replaceable in tests. */
    interface DeviceOf {
        long of(Path path) throws IOException;
    }

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final NfsConfig config;
    private final Path mountinfo;
    private final Probe probe;
    private final ExecutorService probeThread;
    private final DeviceOf device;
    private Future<CheckResult> pending;
    private Instant pendingSince;
    // the probe thread's only: the mount the directory was found on, for which real path and device
    private MountTable.Mount mount;
    private Path mountFor;
    private long mountDevice;

    NfsCheck(NfsConfig config, Path mountinfo, Probe probe, ThreadFactory threads) throws CheckConfigException {
        this(config, mountinfo, probe, threads, p -> (Long) Files.getAttribute(p, "unix:dev"));
    }

    NfsCheck(NfsConfig config, Path mountinfo, Probe probe, ThreadFactory threads, DeviceOf device)
            throws CheckConfigException {
        if (config.directory() == null || !config.directory().isAbsolute()) {
            throw new CheckConfigException("nfs check: directory must be an absolute path");
        }
        if (config.fsTypes() == null || config.fsTypes().isEmpty()) {
            throw new CheckConfigException("nfs check: fs_types must list at least one file system type");
        }
        this.config = config;
        this.mountinfo = mountinfo;
        this.probe = probe != null ? probe : this::writeReadDelete;
        this.probeThread = Executors.newSingleThreadExecutor(threads);
        this.device = device;
    }

    @Override
    public synchronized CheckResult run(CheckContext context) throws InterruptedException {
        Clock clock = context.clock();
        Instant start = clock.instant();
        if (pending != null && !pending.isDone()) {
            Duration hung = Duration.between(pendingSince, start);
            return CheckResult.down(Duration.ZERO, "previous probe still hung for " + LineConnection.human(
                    Duration.ofSeconds(hung.toSeconds())) + " in " + config.directory());
        }
        pendingSince = start;
        pending = probeThread.submit(() -> probe.probe(config.directory()));
        // A round slower than max_latency is down whatever it does next: no use waiting for it past that
        long untilDeadline = Math.max(0, Duration.between(start, context.deadline()).toNanos());
        boolean latencyFirst = config.maxLatency().toNanos() < untilDeadline;
        long waitNanos = latencyFirst ? config.maxLatency().toNanos() : untilDeadline;
        try {
            return pending.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return CheckResult.down(Duration.between(start, clock.instant()), "probe in " + config.directory()
                    + (latencyFirst ? " not done within max_latency " + LineConnection.human(config.maxLatency())
                            + " (mount slow or hung?)"
                            : " did not finish within " + LineConnection.human(config.timeout()) + " (mount hung?)"));
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            String m = c instanceof ProbeFailure ? c.getMessage() : c.getClass().getSimpleName() + ": " + c.getMessage();
            return CheckResult.down(Duration.between(start, clock.instant()), m);
        }
    }

    /** The real probe, run on the probe thread. */
    private CheckResult writeReadDelete(Path directory) throws IOException, ProbeFailure {
        long t0 = System.nanoTime();
        Path real = directory.toRealPath();
        MountTable.Mount m = mountOf(directory, real);
        if (!config.fsTypes().contains(m.fsType())) {
            throw new ProbeFailure(directory + " is on " + m.fsType() + " (mount " + m.mountPoint()
                    + "), expected " + String.join(" or ", config.fsTypes()) + "; is the share mounted?");
        }
        long n = SEQUENCE.incrementAndGet();
        String token = "vrrpd probe " + ProcessHandle.current().pid() + " " + n + " " + System.nanoTime() + "\n";
        byte[] data = token.getBytes(StandardCharsets.US_ASCII);
        Path file = real.resolve(".vrrpd-probe-" + ProcessHandle.current().pid() + "-" + n);
        try {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            byte[] back = Files.readAllBytes(file);
            if (!Arrays.equals(back, data)) {
                throw new ProbeFailure("probe file " + file + " read back different content (" + back.length
                        + " bytes)");
            }
        } finally {
            Files.deleteIfExists(file);
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - t0);
        if (latency.compareTo(config.maxLatency()) > 0) {
            return CheckResult.down(latency, "probe took " + latency.toMillis() + "ms, max_latency "
                    + LineConnection.human(config.maxLatency()));
        }
        return CheckResult.up(latency, "write, fsync, read, delete on " + m.fsType() + " " + m.source() + " in "
                + latency.toMillis() + "ms");
    }

    /**
     * The mount {@code real} is on. The mount table is read again only when the directory's device or real path
     * has changed since the last run: an unmounted share leaves the directory on the file system below (another
     * device), and a share mounted again is a new device, so neither goes unseen; a steady mount costs a stat
     * instead of reading and parsing every line of the table once a second.
     */
    private MountTable.Mount mountOf(Path directory, Path real) throws IOException, ProbeFailure {
        long dev = device.of(real);
        if (mount == null || dev != mountDevice || !real.equals(mountFor)) {
            mount = null;
            Optional<MountTable.Mount> found = MountTable.find(mountinfo, real);
            if (found.isEmpty()) {
                throw new ProbeFailure(directory + " is on no mount listed in " + mountinfo);
            }
            mount = found.get();
            mountFor = real;
            mountDevice = dev;
        }
        return mount;
    }

    @Override
    public void close() {
        probeThread.shutdownNow();
    }

    /** Registers {@code type: nfs}. */
    public static final class Factory implements CheckFactory<NfsConfig> {
        @Override
        public String type() {
            return "nfs";
        }

        @Override
        public Class<NfsConfig> configClass() {
            return NfsConfig.class;
        }

        @Override
        public Check create(NfsConfig config) throws CheckConfigException {
            String dir = String.valueOf(config.directory());
            return new NfsCheck(config, Paths.get("/proc/self/mountinfo"), null, r -> {
                Thread t = new Thread(r, "vrrpd-nfs-probe-" + dir);
                t.setDaemon(true);
                return t;
            });
        }
    }
}
