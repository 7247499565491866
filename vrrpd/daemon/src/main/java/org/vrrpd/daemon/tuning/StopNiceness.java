package org.vrrpd.daemon.tuning;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Once a stop has handed over (every Master's priority-0 advert sent and its VIPs removed), the daemon's threads go
 * to nice {@value #NICE} under {@code SCHED_IDLE}: what is left (the checks, plugin hosts and servers closed, the
 * JVM's exit: 40-70 ms, 30-60 ms of CPU, most of it the JIT compiling the exit's own code) has no deadline, and
 * yields to everything else on the node. A thread under {@code SCHED_IDLE} is preempted as soon as a normal thread
 * wakes on its core; one at nice 19 alone may first run out its slice. Where both daemons of a pair share the cores
 * (the lab), the thread that wakes is the new Master's, whose takeover is due Skew_Time after the priority-0 advert
 * (18 ms at advert 30 ms, inside the old daemon's exit): docs/BENCHMARKS.md, runs 12 and 15. The notify thread
 * keeps its values, so a notify script the stop runs is not slowed down. A run that writes the AppCDS archive at
 * its exit (the launcher sets {@value #CDS_DUMP_PROPERTY}; about a second of CPU, once) stays at nice 19, so that
 * the dump still ends within systemd's stop timeout on a node whose cores are busy.
 */
public final class StopNiceness {

    static final int NICE = 19;
    /** The thread that runs notify scripts (their processes inherit its nice value). */
    static final String NOTIFY_THREAD = "vrrpd-notify";
    /** Set by the launcher when this JVM writes its AppCDS archive at exit ({@code -XX:ArchiveClassesAtExit}). */
    static final String CDS_DUMP_PROPERTY = "vrrpd.cdsDumpAtExit";

    private StopNiceness() {
    }

    /**
     * Lowers every thread of this JVM but the notify thread; returns how many went to {@code SCHED_IDLE} (none
     * when {@link #idleAllowed} says no).
     */
    public static int apply() {
        try {
            List<Integer> tids = threads(Path.of("/proc/self/task"));
            TaskThreads.setNice(tids, NICE); // what is left if SCHED_IDLE is refused or not wanted
            return idleAllowed(System.getProperty(CDS_DUMP_PROPERTY)) ? TaskThreads.setIdle(tids) : 0;
        } catch (IOException | LinkageError | RuntimeException e) {
            return 0; // best effort: the stop goes on at the normal priority
        }
    }

    /** {@code SCHED_IDLE} unless the exit writes the AppCDS archive ({@value #CDS_DUMP_PROPERTY} true). */
    static boolean idleAllowed(String cdsDumpAtExit) {
        return !Boolean.parseBoolean(cdsDumpAtExit);
    }

    static List<Integer> threads(Path taskDir) throws IOException {
        return TaskThreads.named(taskDir, name -> !name.equals(NOTIFY_THREAD));
    }
}
