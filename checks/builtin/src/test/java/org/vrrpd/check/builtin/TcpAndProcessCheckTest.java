package org.vrrpd.check.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;

class TcpAndProcessCheckTest {

    private static final FakeContext CTX = new FakeContext(Duration.ofSeconds(2));

    @Test
    void serviceLoader_shouldFindEveryBuiltinType() {
        @SuppressWarnings("rawtypes")
        Set<String> types = ServiceLoader.load(CheckFactory.class).stream()
                .map(p -> ((CheckFactory<?>) p.get()).type()).collect(Collectors.toSet());
        assertTrue(types.containsAll(Set.of("smtp", "imap", "http", "nfs", "script", "tcp", "process")), types.toString());
    }

    @Test
    void tcp_shouldBeUp_whenListening_andDown_whenRefused() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = ss.getLocalPort();
            TcpConfig c = Configs.bind(Map.of("host", "127.0.0.1", "port", port), TcpConfig.class);
            assertTrue(new TcpCheck.Factory().create(c).run(new FakeContext(Duration.ofSeconds(2))).up());
        }
        TcpConfig c = Configs.bind(Map.of("host", "127.0.0.1", "port", port), TcpConfig.class);
        assertEquals("connection refused", new TcpCheck(c).run(new FakeContext(Duration.ofSeconds(2))).message());
    }

    private static Path fakeProc(Path root, int pid, String comm, String... argv) throws Exception {
        Path d = Files.createDirectories(root.resolve(Integer.toString(pid)));
        Files.writeString(d.resolve("comm"), comm + "\n");
        Files.writeString(d.resolve("cmdline"), String.join("\0", argv) + "\0");
        return d;
    }

    @Test
    void process_shouldMatchCommArgv0OrCmdline(@TempDir Path proc) throws Exception {
        fakeProc(proc, 100, "master", "/usr/lib/postfix/sbin/master", "-w");
        fakeProc(proc, 200, "dovecot", "/usr/sbin/dovecot", "-F");
        fakeProc(proc, 300, "imap-login", "dovecot/imap-login");
        Files.createDirectories(proc.resolve("self"));
        assertTrue(run(proc, Map.of("name", "dovecot")).up());
        assertTrue(run(proc, Map.of("name", "master")).up());
        assertTrue(run(proc, Map.of("name", "pf", "process", "postfix/sbin/master")).up());
        CheckResult none = run(proc, Map.of("name", "exim4"));
        assertFalse(none.up());
        assertEquals("no process matches 'exim4'", none.message());
        assertEquals("1 process match 'dovecot' (pid 200)", run(proc, Map.of("process", "dovecot")).message());
    }

    @Test
    void process_shouldMatchTitlesLongCommandLinesAndArgumentsAcrossNuls(@TempDir Path proc) throws Exception {
        fakeProc(proc, 10, "imap-login", "dovecot: imap-login");
        fakeProc(proc, 11, "java", "/usr/bin/java", "-cp", "x".repeat(20_000), "org.vrrpd.daemon.Main", "--config",
                "/etc/vrrpd/vrrpd.yaml");
        fakeProc(proc, 12, "kworker/0:1");
        Files.writeString(proc.resolve("12").resolve("cmdline"), "");
        assertTrue(run(proc, Map.of("name", "dovecot")).up(), "title 'dovecot: imap-login' has base name dovecot");
        assertTrue(run(proc, Map.of("process", "org.vrrpd.daemon.Main --config /etc/vrrpd/vrrpd.yaml")).up(),
                "a pattern after 20 kB of arguments, spanning three of them");
        assertFalse(run(proc, Map.of("process", "vrrpd.yaml ")).up(), "no trailing space after the last argument");
        assertFalse(run(proc, Map.of("name", "kworker")).up(), "comm is kworker/0:1 and the command line is empty");
    }

    @Test
    void process_shouldBeDown_onTheFirstRunAfterTheProcessItKnewIsGone(@TempDir Path proc) throws Exception {
        Path dovecot = fakeProc(proc, 200, "dovecot", "/usr/sbin/dovecot", "-F");
        fakeProc(proc, 300, "master", "/usr/lib/postfix/sbin/master", "-w");
        ProcessCheck check = new ProcessCheck(Configs.bind(Map.of("name", "dovecot"), ProcessConfig.class), proc);
        assertTrue(check.run(CTX).up());
        assertTrue(check.run(CTX).up());
        Files.writeString(dovecot.resolve("cmdline"), "/usr/bin/sleep\0" + "1\0");
        Files.writeString(dovecot.resolve("comm"), "sleep\n"); // the pid reused by another program
        assertEquals("no process matches 'dovecot'", check.run(CTX).message());
        fakeProc(proc, 400, "dovecot", "/usr/sbin/dovecot", "-F");
        assertEquals("1 process match 'dovecot' (pid 400)", check.run(CTX).message());
        for (Path f : Files.newDirectoryStream(proc.resolve("400"))) {
            Files.delete(f);
        }
        Files.delete(proc.resolve("400"));
        assertFalse(check.run(CTX).up(), "the known process gone");
    }

    @Test
    void process_shouldCountNewMatches_atTheNextFullScan(@TempDir Path proc) throws Exception {
        fakeProc(proc, 200, "dovecot", "/usr/sbin/dovecot", "-F");
        ProcessCheck check = new ProcessCheck(Configs.bind(Map.of("name", "dovecot"), ProcessConfig.class), proc);
        assertEquals("1 process match 'dovecot' (pid 200)", check.run(CTX).message());
        fakeProc(proc, 201, "dovecot", "/usr/sbin/dovecot", "-F");
        for (int i = 0; i < ProcessCheck.FULL_SCAN_EVERY; i++) {
            assertEquals("1 process match 'dovecot' (pid 200)", check.run(CTX).message(), "run " + i);
        }
        String m = check.run(CTX).message();
        assertTrue(m.startsWith("2 processes match 'dovecot' (pid "), m);
    }

    @Test
    void process_shouldNotAllocatePerProcess_forItsCommandLines(@TempDir Path proc) throws Exception {
        String longArg = "y".repeat(4000);
        for (int pid = 1000; pid < 1400; pid++) {
            fakeProc(proc, pid, "java", "/usr/bin/java", "-cp", longArg, "Main" + pid);
        }
        ProcessCheck check = new ProcessCheck(Configs.bind(Map.of("process", "y Main1399"), ProcessConfig.class), proc);
        assertTrue(check.run(CTX).up());
        Files.writeString(proc.resolve("1399").resolve("cmdline"), "/usr/bin/java\0-cp\0" + longArg + "\0Other\0");
        // the known match is gone, so the next run scans all 400 processes
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertFalse(check.run(CTX).up());
        long perProcess = (threads.getCurrentThreadAllocatedBytes() - before) / 400;
        // reading each 4 kB command line into its own array and String, as before, costs over 8 kB per process
        assertTrue(perProcess < 2048, perProcess + " bytes allocated per process");
    }

    @Test
    void process_shouldFindThisJvm_inTheRealProc() throws Exception {
        ProcessConfig c = Configs.bind(Map.of("process", "java"), ProcessConfig.class);
        assertTrue(new ProcessCheck.Factory().create(c).run(CTX).up());
    }

    private static CheckResult run(Path proc, Map<String, Object> yaml) throws Exception {
        return new ProcessCheck(Configs.bind(yaml, ProcessConfig.class), proc).run(CTX);
    }
}
