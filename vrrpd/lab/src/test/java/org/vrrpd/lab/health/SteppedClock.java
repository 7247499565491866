package org.vrrpd.lab.health;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.vrrpd.lab.fixture.Cmd;

/**
 * Steps the host's CLOCK_REALTIME (the one clock no namespace separates) and puts it back exactly: {@link #close}
 * sets it to CLOCK_MONOTONIC plus the offset the two had when this was made, so the restore does not depend on how
 * long the step lasted. A shutdown hook restores it too if the JVM is stopped while stepped.
 *
 * <p>The clock is the whole machine's: while stepped, this holds an exclusive lock on {@link #LOCK}, so two lab
 * runs that step it (several may run at once on one machine) take turns instead of undoing each other's steps.
 */
final class SteppedClock implements AutoCloseable {

    private static final String PY = "/usr/bin/python3";
    /** Held while the clock is stepped (any lab run that steps CLOCK_REALTIME takes it first). */
    static final Path LOCK = Path.of("/run/lock/vrrpd-lab-realtime.lock");
    private final long offsetNanos;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final Thread hook;
    private boolean restored;

    private SteppedClock(long offsetNanos, FileChannel lockFile, FileLock lock) {
        this.offsetNanos = offsetNanos;
        this.lockFile = lockFile;
        this.lock = lock;
        this.hook = new Thread(this::restoreQuietly, "restore-realtime");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Steps the wall clock by {@code by} (negative: back); close to restore. */
    static SteppedClock step(Duration by) throws IOException {
        FileChannel ch = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.lock(); // blocks while another run has the clock stepped (tens of seconds at most)
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        SteppedClock c;
        try {
            String offset = Cmd.run(Duration.ofSeconds(10), PY, "-c",
                    "import time; print(time.clock_gettime_ns(time.CLOCK_REALTIME)"
                            + " - time.clock_gettime_ns(time.CLOCK_MONOTONIC))").strip();
            c = new SteppedClock(Long.parseLong(offset), ch, lock);
        } catch (IOException | RuntimeException e) {
            ch.close(); // releases the lock
            throw e;
        }
        try {
            Cmd.run(Duration.ofSeconds(10), PY, "-c", "import time; time.clock_settime_ns(time.CLOCK_REALTIME,"
                    + " time.clock_gettime_ns(time.CLOCK_REALTIME) + (" + by.toNanos() + "))");
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    public synchronized void close() throws IOException {
        if (restored) {
            return;
        }
        Cmd.run(Duration.ofSeconds(10), PY, "-c", "import time; time.clock_settime_ns(time.CLOCK_REALTIME,"
                + " time.clock_gettime_ns(time.CLOCK_MONOTONIC) + (" + offsetNanos + "))");
        restored = true;
        lock.release();
        lockFile.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook is what called us
        }
    }

    private void restoreQuietly() {
        try {
            close();
        } catch (IOException e) {
            System.err.println("could not restore CLOCK_REALTIME: " + e.getMessage());
        }
    }
}
