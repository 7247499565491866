package org.vrrpd.check.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MonotonicClockTest {

    @Test
    void instant_shouldStartAtTheAnchor_andMoveOnlyWithTheTicker() {
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        Instant anchor = Instant.parse("2026-01-01T00:00:00Z");
        MonotonicClock c = new MonotonicClock(nanos::get, anchor);
        assertEquals(anchor, c.instant());
        nanos.addAndGet(1_500_000_000L);
        assertEquals(anchor.plusMillis(1500), c.instant());
    }

    @Test
    void system_shouldNeverGoBackwards() {
        MonotonicClock c = MonotonicClock.system();
        Instant prev = c.instant();
        for (int i = 0; i < 10_000; i++) {
            Instant now = c.instant();
            assertFalse(now.isBefore(prev), prev + " then " + now);
            prev = now;
        }
    }
}
