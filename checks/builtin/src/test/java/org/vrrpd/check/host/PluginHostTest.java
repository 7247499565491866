package org.vrrpd.check.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.runtime.RuntimeCheckContext;

class PluginHostTest {

    private final BlockingQueue<FakeHost> launched = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService runner = Executors.newCachedThreadPool();
    private final Clock clock = Clock.systemUTC();
    private final PluginHosts hosts = new PluginHosts(jar -> {
        FakeHost h = new FakeHost();
        launched.add(h);
        return h;
    }, timer, clock);
    private final ObjectNode config = new ObjectMapper().createObjectNode().put("type", "bomb").put("size", "1g");

    @AfterEach
    void tearDown() {
        hosts.close();
        runner.shutdownNow();
    }

    private FakeHost nextHost() throws InterruptedException {
        FakeHost h = launched.poll(5, TimeUnit.SECONDS);
        if (h == null) {
            throw new AssertionError("no host launched within 5s");
        }
        return h;
    }

    private Future<CheckResult> run(RemoteCheck check, Duration timeout) {
        return runner.submit(() -> check.run(new RuntimeCheckContext(clock, clock.instant().plus(timeout), 0)));
    }

    @Test
    void firstCheckOfAJar_shouldStartItsHost_andSendTheYamlEntry() throws Exception {
        RemoteCheck c = hosts.check(Path.of("/plugins/bomb.jar"), "bomb", config);
        FakeHost h = nextHost();
        HostMessage.Create create = h.next(HostMessage.Create.class);
        assertEquals(new HostMessage.Create(c.id(), "bomb", config), create);
        assertEquals(1, hosts.hosts().size());
    }

    @Test
    void run_shouldReturnTheHostsAnswer() throws Exception {
        RemoteCheck c = hosts.check(Path.of("/plugins/ok.jar"), "ok", config);
        FakeHost h = nextHost();
        h.next(HostMessage.Create.class);
        Future<CheckResult> f = run(c, Duration.ofSeconds(5));
        HostMessage.Run r = h.next(HostMessage.Run.class);
        assertTrue(r.timeoutMillis() > 4000 && r.timeoutMillis() <= 5000, "timeout sent: " + r.timeoutMillis());
        h.send(new HostMessage.Result(r.id(), r.seq(), true, 1500, "queue 3 deep", Map.of("depth", "3")));
        CheckResult result = f.get(5, TimeUnit.SECONDS);
        assertEquals(new CheckResult(true, Duration.ofNanos(1_500_000), "queue 3 deep", Map.of("depth", "3")),
                result);
    }

    @Test
    void hostDeath_shouldFailTheRunInFlightAtOnce_withTheWatchdogsReason() throws Exception {
        RemoteCheck c = hosts.check(Path.of("/plugins/bomb.jar"), "bomb", config);
        FakeHost h = nextHost();
        h.next(HostMessage.Create.class);
        long t0 = System.nanoTime();
        Future<CheckResult> f = run(c, Duration.ofSeconds(30));
        h.next(HostMessage.Run.class);
        h.send(new HostMessage.Fatal("too many threads (65 > 64)"));
        h.die(4);
        CheckResult result = f.get(5, TimeUnit.SECONDS);
        assertFalse(result.up());
        assertTrue(result.message().startsWith("plugin host for bomb.jar exited: too many threads (65 > 64)"),
                result.message());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "did not wait for the deadline");
    }

    @Test
    void hostOutOfMemory_shouldBeTheReason() throws Exception {
        RemoteCheck c = hosts.check(Path.of("/plugins/hog.jar"), "hog", config);
        FakeHost h = nextHost();
        h.next(HostMessage.Create.class);
        Future<CheckResult> f = run(c, Duration.ofSeconds(30));
        h.next(HostMessage.Run.class);
        h.stderrLine("Terminating due to java.lang.OutOfMemoryError: Java heap space");
        h.die(3);
        assertEquals("plugin host for hog.jar exited: out of memory (Terminating due to java.lang.OutOfMemoryError:"
                + " Java heap space)", f.get(5, TimeUnit.SECONDS).message());
    }

    @Test
    void deadHost_shouldAnswerRunsDownAtOnce_thenBeRestartedWithItsChecks() throws Exception {
        RemoteCheck c = hosts.check(Path.of("/plugins/bomb.jar"), "bomb", config);
        FakeHost first = nextHost();
        first.next(HostMessage.Create.class);
        first.die(1);
        PluginHost host = c.host();
        Deadline.poll(() -> host.downReason() != null);
        CheckResult down = run(c, Duration.ofSeconds(30)).get(5, TimeUnit.SECONDS);
        assertFalse(down.up());
        assertTrue(down.message().startsWith("plugin host for bomb.jar exited: exit status 1"), down.message());
        FakeHost second = nextHost(); // after the first backoff step, 1 s
        assertEquals(c.id(), second.next(HostMessage.Create.class).id());
        assertEquals(2, host.starts());
    }

    @Test
    void slowAnswer_shouldEndTheWaitShortlyAfterTheDeadline_whenNoSchedulerInterruptsIt() throws Exception {
        RemoteCheck c = hosts.check(Path.of("/plugins/slow.jar"), "slow", config);
        FakeHost h = nextHost();
        h.next(HostMessage.Create.class);
        long t0 = System.nanoTime();
        CheckResult result = run(c, Duration.ofMillis(300)).get(5, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(result.up());
        assertTrue(result.message().matches("no answer from the plugin host within 5[0-9][0-9]ms"), result.message());
        assertTrue(ms >= 500 && ms < 3000, "returned after " + ms + " ms");
        // the late answer is dropped, and the next run gets its own
        HostMessage.Run first = h.next(HostMessage.Run.class);
        h.send(new HostMessage.Result(first.id(), first.seq(), true, 0, "late", Map.of()));
        Future<CheckResult> f = run(c, Duration.ofSeconds(5));
        HostMessage.Run second = h.next(HostMessage.Run.class);
        h.send(new HostMessage.Result(second.id(), second.seq(), true, 0, "on time", Map.of()));
        assertEquals("on time", f.get(5, TimeUnit.SECONDS).message());
    }

    @Test
    void interruptedWait_shouldEndTheRun() throws Exception {
        RemoteCheck c = hosts.check(Path.of("/plugins/slow.jar"), "slow", config);
        FakeHost h = nextHost();
        h.next(HostMessage.Create.class);
        Future<CheckResult> f = run(c, Duration.ofSeconds(30));
        h.next(HostMessage.Run.class);
        f.cancel(true);
        assertThrows(java.util.concurrent.CancellationException.class, f::get);
    }

    @Test
    void closingTheLastCheck_shouldStopTheHostAfterTheGrace_andCloseStopsHostsForGood() throws Exception {
        RemoteCheck c = hosts.check(Path.of("/plugins/a.jar"), "a", config);
        FakeHost h = nextHost();
        h.next(HostMessage.Create.class);
        c.close();
        assertEquals(new HostMessage.Close(c.id()), h.next());
        Deadline.poll(() -> h.killed);
        RemoteCheck d = hosts.check(Path.of("/plugins/b.jar"), "b", config);
        FakeHost hb = nextHost();
        hosts.close();
        assertTrue(hb.killed);
        CompletableFuture<CheckResult> after = d.host().run(d.id(), 1, Duration.ofSeconds(1));
        assertTrue(after.get().message().contains("stopped"), after.get().message());
    }
}
