package org.vrrpd.daemon.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompilerNicenessTest {

    @Test
    void compilerThreads_shouldFindThemByName_andSkipOthers(@TempDir Path dir) throws Exception {
        for (String[] t : new String[][] {{"101", "C1 CompilerThre"}, {"102", "C2 CompilerThre"},
                {"103", "vrrpd-protocol"}, {"104", "VM Thread"}}) {
            Files.createDirectories(dir.resolve(t[0]));
            Files.writeString(dir.resolve(t[0]).resolve("comm"), t[1] + "\n");
        }
        Files.createDirectories(dir.resolve("105")); // ended before its comm was read
        List<Integer> tids = CompilerNiceness.compilerThreads(dir);
        assertEquals(List.of(101, 102), tids.stream().sorted().toList());
    }

    @Test
    void isCompiler_shouldNotTakeOtherThreadsForCompilers() {
        assertTrue(CompilerNiceness.isCompiler("C1 CompilerThre"));
        assertFalse(CompilerNiceness.isCompiler("C1"));
        assertFalse(CompilerNiceness.isCompiler("vrrpd-check-C1 "));
        assertFalse(CompilerNiceness.isCompiler("Common-Cleaner"));
    }

    @Test
    void apply_shouldNiceThisJvmsCompilerThreads_andNoOtherThread() throws Exception {
        List<Integer> compilers = CompilerNiceness.compilerThreads(Path.of("/proc/self/task"));
        int ownBefore = ThreadNice.current();
        int set = CompilerNiceness.apply();
        assertTrue(set >= 1, "no compiler thread was set (found " + compilers + ")");
        for (int tid : CompilerNiceness.compilerThreads(Path.of("/proc/self/task"))) {
            int nice = ThreadNice.of(tid);
            assertTrue(nice >= CompilerNiceness.NICE, "compiler thread " + tid + " nice " + nice);
        }
        assertEquals(ownBefore, ThreadNice.current(), "the calling thread keeps its nice value");
    }
}
