package org.vrrpd.check.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void process_shouldFindThisJvm_inTheRealProc() throws Exception {
        ProcessConfig c = Configs.bind(Map.of("process", "java"), ProcessConfig.class);
        assertTrue(new ProcessCheck.Factory().create(c).run(CTX).up());
    }

    private static CheckResult run(Path proc, Map<String, Object> yaml) throws Exception {
        return new ProcessCheck(Configs.bind(yaml, ProcessConfig.class), proc).run(CTX);
    }
}
