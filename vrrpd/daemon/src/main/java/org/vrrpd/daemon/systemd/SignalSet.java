package org.vrrpd.daemon.systemd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vrrpd.check.builtin.ScriptProcesses;

/**
 * The four signals the daemon answers (HUP, INT, QUIT, TERM; their numbers are the same on every Linux
 * architecture), as the bit masks the kernel and glibc use: bit {@code n - 1} for signal {@code n}.
 */
public final class SignalSet {

    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGTERM = 15;

    /** The signals the package's launcher blocks in every thread (HUP, INT, QUIT, TERM). */
    public static final long HANDLED = bit(SIGHUP) | bit(SIGINT) | bit(SIGQUIT) | bit(SIGTERM);

    /** glibc's {@code sigset_t}: 1024 bits. */
    static final int SIGSET_BYTES = 128;

    private SignalSet() {
    }

    public static long bit(int signal) {
        return 1L << (signal - 1);
    }

    /** The glibc {@code sigset_t} of a mask of signals 1..64 (its first word, in host order). */
    public static byte[] sigset(long mask) {
        return ByteBuffer.allocate(SIGSET_BYTES).order(ByteOrder.nativeOrder()).putLong(mask).array();
    }

    /**
     * Whether every signal of {@code mask} is blocked in every thread of this process now: then they wait for a
     * signalfd and no handler or default action ever sees them. False when a thread's status cannot be read.
     */
    public static boolean blockedInEveryThread(long mask) {
        return blockedInEveryTask(Path.of("/proc/self/task"), mask);
    }

    static boolean blockedInEveryTask(Path taskDir, long mask) {
        boolean any = false;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDir)) {
            for (Path task : tasks) {
                String status;
                try {
                    status = Files.readString(task.resolve("status"));
                } catch (IOException e) { // the thread ended while we looked
                    continue;
                }
                if ((ScriptProcesses.blockedIn(status) & mask) != mask) {
                    return false;
                }
                any = true;
            }
        } catch (IOException e) {
            return false;
        }
        return any;
    }
}
