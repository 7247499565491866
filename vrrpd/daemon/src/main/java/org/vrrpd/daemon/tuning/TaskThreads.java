package org.vrrpd.daemon.tuning;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;
import org.vrrpd.net.LibC;
import org.vrrpd.net.NativeCalls;

/** This JVM's threads as the kernel lists them ({@code /proc/self/task}), by name, and their nice values. */
final class TaskThreads {

    private TaskThreads() {
    }

    /** The thread ids under a {@code task} directory whose name ({@code comm}, 15 characters) passes the test. */
    static List<Integer> named(Path taskDir, Predicate<String> name) throws IOException {
        List<Integer> tids = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDir)) {
            for (Path task : tasks) {
                String comm;
                try {
                    comm = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).trim();
                } catch (IOException gone) { // the thread ended meanwhile
                    continue;
                }
                if (name.test(comm)) {
                    tids.add(Integer.parseInt(task.getFileName().toString()));
                }
            }
        }
        return tids;
    }

    /** Sets {@code nice} on each thread ({@code setpriority(PRIO_PROCESS, tid)}); returns how many were set. */
    static int setNice(List<Integer> tids, int nice) {
        LibC libc = NativeCalls.load().libc();
        return succeeded(tids, tid -> libc.setpriority(Niceness.PRIO_PROCESS, tid, nice));
    }

    /**
     * Puts each thread under {@code SCHED_IDLE} ({@code sched_setscheduler}, which also takes a thread out of
     * real-time scheduling); returns how many were set.
     */
    static int setIdle(List<Integer> tids) {
        LibC libc = NativeCalls.load().libc();
        return succeeded(tids, tid -> libc.sched_setscheduler(tid, Niceness.SCHED_IDLE, new int[] {0}));
    }

    /** Makes the call for each thread; returns how many calls returned 0. */
    private static int succeeded(List<Integer> tids, IntUnaryOperator call) {
        int set = 0;
        for (int tid : tids) {
            if (call.applyAsInt(tid) == 0) {
                set++;
            }
        }
        return set;
    }
}
