package org.vrrpd.daemon.tuning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A thread's nice value as the kernel reports it: field 19 of its {@code stat} (after the command's parenthesis). */
final class ThreadNice {

    private ThreadNice() {
    }

    /** The calling thread's nice value. */
    static int current() throws IOException {
        return in(Path.of("/proc/thread-self/stat"));
    }

    /** The nice value of thread {@code tid} of this process. */
    static int of(int tid) throws IOException {
        return in(Path.of("/proc/self/task/" + tid + "/stat"));
    }

    private static int in(Path stat) throws IOException {
        String s = Files.readString(stat);
        return Integer.parseInt(s.substring(s.lastIndexOf(')') + 2).split(" ")[16]);
    }
}
