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
}
