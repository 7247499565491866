package org.vrrpd.check.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** A running plugin host as the daemon sees it: its pipes, pid and exit. Tests use in-memory pipes. */
public interface HostProcess {

    OutputStream stdin();

    InputStream stdout();

    InputStream stderr();

    long pid();

    /** Completes with the exit status when the process has ended. */
    CompletableFuture<Integer> exit();

    /** Ends the process: closes stdin (the host exits on that), then SIGKILL if it is still there after a grace. */
    void kill();

    /** Starts a host for a JAR. */
    @FunctionalInterface
    interface Launcher {
        HostProcess launch(Path jar) throws IOException;

        /**
         * Where the daemon-side threads that serve hosts (pipe readers, restart timer) are started. A new thread
         * inherits the scheduling policy and nice value of the thread that starts it, and the caller may be the
         * real-time protocol thread; the production launcher starts them on its own SCHED_OTHER, reniced thread.
         */
        default Executor threadStarter() {
            return Runnable::run;
        }
    }
}
