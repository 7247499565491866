package org.vrrpd.daemon.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class MasterPathWarmupTest {

    @Test
    void run_shouldPassOverEveryRehearsal_theGivenNumberOfTimes() {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        long sink = MasterPathWarmup.run(List.of(() -> a.incrementAndGet(), () -> b.incrementAndGet() * 0L), 7);
        assertEquals(7, a.get());
        assertEquals(7, b.get());
        assertEquals(28, sink);
    }

    @Test
    void aFailingRehearsal_shouldStopTheWarmUp_withoutThrowing() {
        AtomicInteger calls = new AtomicInteger();
        LongSupplier failing = () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("boom");
        };
        MasterPathWarmup.run(List.of(failing), 5);
        assertEquals(1, calls.get());
    }

    @Test
    void start_shouldRunOnADaemonThread_andDoNothingWhenTurnedOff() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Thread t = MasterPathWarmup.start(List.of(() -> calls.incrementAndGet()));
        assertTrue(t.isDaemon());
        t.join(Duration.ofSeconds(30).toMillis());
        assertEquals(MasterPathWarmup.rounds(), calls.get());
        System.setProperty("vrrpd.master_warmup_rounds", "0");
        try {
            assertNull(MasterPathWarmup.start(List.of(() -> calls.incrementAndGet())));
        } finally {
            System.clearProperty("vrrpd.master_warmup_rounds");
        }
        assertNull(MasterPathWarmup.start(List.of()));
    }
}
