package org.vrrpd.check.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CheckLatencyBenchTest {

    @Test
    void bench_shouldReportMedianAndP99_over200Runs() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 300, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!ss.isClosed()) {
                    try (Socket s = ss.accept()) {
                        s.getOutputStream().flush();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int failures = CheckLatencyBench.run(new String[] {"--runs", "200",
                "tcp:host=127.0.0.1,port=" + ss.getLocalPort()}, new PrintStream(buf, true, StandardCharsets.UTF_8));
            String out = buf.toString(StandardCharsets.UTF_8);
            assertEquals(0, failures, out);
            assertTrue(out.contains("median") && out.contains("p99"), out);
            assertTrue(out.lines().anyMatch(l -> l.startsWith("tcp:host=127.0.0.1") && l.contains(" 200 ")), out);
        }
    }
}
