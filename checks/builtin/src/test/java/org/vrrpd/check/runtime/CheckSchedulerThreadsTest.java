package org.vrrpd.check.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.testing.Poll;

/** The production set-up with real threads: a hung check must not hold up the others. */
class CheckSchedulerThreadsTest {

    @Test
    void hungCheck_shouldNotBlockOthers_andNeverGetASecondThread() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger hungStarts = new AtomicInteger();
        Check hung = ctx -> {
            hungStarts.incrementAndGet();
            boolean done = false;
            while (!done) { // ignores interrupts, like a write stuck in uninterruptible sleep
                try {
                    done = release.await(1, java.util.concurrent.TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    // keep waiting
                }
            }
            return CheckResult.up(Duration.ZERO, "finally");
        };
        AtomicInteger okRuns = new AtomicInteger();
        Check ok = ctx -> {
            okRuns.incrementAndGet();
            return CheckResult.up(Duration.ZERO, "fine");
        };
        List<ScheduledCheck> checks = List.of(
                new ScheduledCheck("hung", hung, Duration.ofMillis(20), Duration.ofMillis(10), 1, 1, -50),
                new ScheduledCheck("ok", ok, Duration.ofMillis(20), Duration.ofMillis(10), 1, 1, 10));
        try (CheckScheduler s = CheckScheduler.withThreads("t", checks, st -> { })) {
            s.start();
            Poll.until(() -> okRuns.get() >= 10, Duration.ofSeconds(10), "ten runs of the healthy check");
            Poll.until(() -> !s.statuses().get(0).up() && s.statuses().get(1).up(), Duration.ofSeconds(10),
                    "hung check counted down and healthy one up");
            assertEquals(1, hungStarts.get(), "the hung check was never started twice");
            CheckStatus hungStatus = s.statuses().get(0);
            assertTrue(hungStatus.inFlight());
            assertFalse(hungStatus.up());
            assertTrue(hungStatus.lastResult().message().startsWith("previous run still in flight")
                    || hungStatus.lastResult().message().startsWith("timed out"), hungStatus.lastResult().message());
            long checkThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("vrrpd-check-t-")).count();
            assertTrue(checkThreads <= 2, "pool bounded by the number of checks, saw " + checkThreads);
            release.countDown();
            Poll.until(() -> hungStarts.get() >= 2, Duration.ofSeconds(10), "the released check to run again");
        }
    }
}
