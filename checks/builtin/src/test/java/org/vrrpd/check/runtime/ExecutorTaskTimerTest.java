package org.vrrpd.check.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExecutorTaskTimerTest {

    @Test
    void aCancelledTimer_leavesTheQueue_soItNeverWakesTheThread() {
        try (ExecutorTaskTimer timer = new ExecutorTaskTimer("test-timer")) {
            TaskTimer.Cancellable timeout = timer.schedule(Duration.ofHours(1), () -> { });
            TaskTimer.Cancellable late = timer.schedule(Duration.ofMinutes(30), () -> { });
            assertEquals(2, timer.pending());
            timeout.cancel();
            late.cancel();
            assertEquals(0, timer.pending());
        }
    }

    @Test
    void aTimerThatIsNotCancelled_fires() throws Exception {
        try (ExecutorTaskTimer timer = new ExecutorTaskTimer("test-timer")) {
            CountDownLatch fired = new CountDownLatch(1);
            timer.schedule(Duration.ofMillis(5), fired::countDown);
            assertTrue(fired.await(10, TimeUnit.SECONDS));
        }
    }
}
