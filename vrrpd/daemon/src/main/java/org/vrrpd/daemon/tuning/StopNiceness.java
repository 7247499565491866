package org.vrrpd.daemon.tuning;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Once a stop has handed over (every Master's priority-0 advert sent and its VIPs removed), the daemon's threads go
 * to nice {@value #NICE}: what is left (the checks, plugin hosts and servers closed, the JVM's exit: about 60 ms
 * and 20-30 ms of CPU) has no deadline, and yields to everything else on the node. Where both daemons of a pair
 * share the cores (the lab), that is the new Master, whose takeover is due Skew_Time after the priority-0 advert
 * (18 ms at advert 30 ms, inside the old daemon's exit): docs/BENCHMARKS.md, run 12. The notify thread keeps its
 * value, so a notify script the stop runs is not slowed down.
 */
public final class StopNiceness {

    static final int NICE = 19;
    /** The thread that runs notify scripts (their processes inherit its nice value). */
    static final String NOTIFY_THREAD = "vrrpd-notify";

    private StopNiceness() {
    }

    /** Lowers every thread of this JVM but the notify thread; returns how many were set. */
    public static int apply() {
        try {
            return TaskThreads.setNice(threads(Path.of("/proc/self/task")), NICE);
        } catch (IOException | LinkageError | RuntimeException e) {
            return 0; // best effort: the stop goes on at the normal priority
        }
    }

    static List<Integer> threads(Path taskDir) throws IOException {
        return TaskThreads.named(taskDir, name -> !name.equals(NOTIFY_THREAD));
    }
}
