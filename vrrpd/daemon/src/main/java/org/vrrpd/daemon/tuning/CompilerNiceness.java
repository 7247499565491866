package org.vrrpd.daemon.tuning;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Gives the JIT's compiler threads a nice value ({@value #NICE}), so that compiling never competes on equal terms
 * with the protocol thread, a signal's handler or a check. The package's flags compile code after few calls
 * ({@code -XX:CompileThresholdScaling}), which makes the first seconds after a start a burst of compiling; on a
 * two-core node that is when a daemon started a moment ago may have to send its priority-0 advert or take over.
 * Threads are found by name in {@code /proc/self/task} ("C1 CompilerThread0", "C2 CompilerThread0", ...); a compiler
 * thread the JVM adds later is started by a compiler thread and inherits its nice value.
 */
public final class CompilerNiceness {

    static final int NICE = 10;

    private CompilerNiceness() {
    }

    /** Sets {@value #NICE} on every compiler thread; returns how many were set (errors count as not set). */
    public static int apply() {
        try {
            return TaskThreads.setNice(compilerThreads(Path.of("/proc/self/task")), NICE);
        } catch (IOException | LinkageError | RuntimeException e) {
            return 0; // a JVM without /proc or the native edge: compiling keeps the normal share
        }
    }

    /** The thread ids under a {@code task} directory whose name says it is a JIT compiler thread. */
    static List<Integer> compilerThreads(Path taskDir) throws IOException {
        return TaskThreads.named(taskDir, CompilerNiceness::isCompiler);
    }

    /** HotSpot names them "C1 CompilerThread0", "C2 CompilerThread1" (the kernel keeps 15 characters). */
    static boolean isCompiler(String comm) {
        return comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler");
    }
}
