package org.vrrpd.daemon.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Needs CAP_SYS_NICE, hence the lab tag. */
@Tag("lab")
class RealtimeSchedulingLabTest {

    @Test
    void applyToCurrentThread_shouldSwitchOnlyThatThreadToTheRequestedPolicy() throws InterruptedException {
        AtomicReference<Optional<String>> result = new AtomicReference<>();
        AtomicInteger policy = new AtomicInteger(-2);
        Thread t = new Thread(() -> {
            result.set(RealtimeScheduling.applyToCurrentThread(new RtSetting(RtSetting.SCHED_RR, 10)));
            policy.set(RealtimeScheduling.currentPolicy());
        });
        t.start();
        t.join();
        assertEquals(Optional.empty(), result.get());
        assertEquals(RtSetting.SCHED_RR, policy.get());
        assertTrue(RealtimeScheduling.currentPolicy() == 0, "the calling test thread stays SCHED_OTHER");
    }

    @Test
    void threadsStartedByTheRealtimeThread_shouldRunUnderSchedOther() throws InterruptedException {
        AtomicReference<Optional<String>> result = new AtomicReference<>();
        AtomicInteger parentPolicy = new AtomicInteger(-2);
        AtomicInteger childPolicy = new AtomicInteger(-2);
        Thread t = new Thread(() -> {
            result.set(RealtimeScheduling.applyToCurrentThread(new RtSetting(RtSetting.SCHED_FIFO, 10)));
            parentPolicy.set(RealtimeScheduling.currentPolicy());
            Thread child = new Thread(() -> childPolicy.set(RealtimeScheduling.currentPolicy()));
            child.start();
            try {
                child.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        t.join();
        assertEquals(Optional.empty(), result.get());
        assertEquals(RtSetting.SCHED_FIFO, parentPolicy.get());
        assertEquals(0, childPolicy.get(), "a thread made by the real-time thread starts under SCHED_OTHER");
    }
}
