package org.vrrpd.check.runtime;

import java.io.IOException;
import java.util.Optional;

/**
 * Tells when a process exits, without polling: the daemon's implementation holds a pidfd ({@code pidfd_open(2)})
 * per watched process and waits for the kernel to mark it readable. The scheduler uses it for the {@code process}
 * check's matches and for any check given a {@code pid_file}, so a dead service turns its check down at once.
 */
public interface ProcessExits {

    /** Watches nothing: checks run on their schedule only (tests, and kernels without pidfds). */
    ProcessExits NONE = (pid, onExit) -> Optional.of(() -> { });

    /**
     * Starts watching {@code pid}; {@code onExit} runs once, on the watcher's own thread, when it exits.
     *
     * @return the watch, or empty when no process {@code pid} is running now ({@code onExit} is not called)
     * @throws IOException when the kernel cannot watch processes (no {@code pidfd_open}, too many open files)
     */
    Optional<Watch> watch(long pid, Runnable onExit) throws IOException;

    /** A watch that can be called off; cancelling one whose process has exited does nothing. */
    interface Watch {
        void cancel();
    }
}
