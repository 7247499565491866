package org.vrrpd.check.builtin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.runtime.CheckScheduler;
import org.vrrpd.check.runtime.CheckStatus;
import org.vrrpd.check.runtime.ScheduledCheck;
import org.vrrpd.check.testing.Poll;

/**
 * The scheduler's second run beside a late one, with the real smtp check, real threads and a server that stops
 * answering: while the server hangs, two connections are open at once (the late run's and its second run's), and
 * the check goes down on their failures. (That no third run starts beside them is {@code CheckLateRunTest}'s: a
 * server thread sees a client's close a moment late, so it cannot count that bound exactly.)
 */
class SecondRunTest {

    @Test
    void hungSmtpServer_shouldSeeTwoConnectionsAtOnce_andTheCheckGoDown() throws Exception {
        AtomicBoolean hung = new AtomicBoolean();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        AtomicInteger hungConnections = new AtomicInteger();
        try (FakeServer server = new FakeServer(c -> {
            if (!hung.get()) {
                c.send("220 ready");
                if ("QUIT".equals(c.readLine())) {
                    c.send("221 bye");
                }
                return;
            }
            hungConnections.incrementAndGet();
            mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            try {
                while (c.readLine() != null) { // no banner; wait for the client to give up and close
                    continue;
                }
            } finally {
                open.decrementAndGet();
            }
        })) {
            SmtpConfig config = Configs.bind(Map.of("host", "127.0.0.1", "port", server.port()), SmtpConfig.class);
            config.setTimeout(Duration.ofSeconds(1));
            ScheduledCheck smtp = new ScheduledCheck("smtp", new SmtpCheck.Factory().create(config),
                    Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 2, 0, Duration.ofMillis(250));
            try (CheckScheduler s = CheckScheduler.withThreads("t", List.of(smtp), st -> { })) {
                s.start();
                Poll.until(() -> s.statuses().get(0).up(), Duration.ofSeconds(20), "the check up");
                hung.set(true);
                Poll.until(() -> !s.statuses().get(0).up(), Duration.ofSeconds(20),
                        "the check down on the hung server");
                CheckStatus down = s.statuses().get(0);
                assertTrue(down.lastResult().message().equals("no banner within 1s")
                        || down.lastResult().message().equals("timed out after 1s"), down.lastResult().message());
                assertTrue(hungConnections.get() >= 2, "connections to the hung server: " + hungConnections.get());
                assertTrue(mostOpen.get() >= 2, "a late run and its second run at once; most open " + mostOpen.get());
            }
        }
    }
}
