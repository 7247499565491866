package org.vrrpd.check.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThreadWatchdogTest {

    @Test
    void threadCountAboveTheLimit_shouldGiveTheReason_atTheLimitNothing() {
        AtomicInteger n = new AtomicInteger(64);
        ThreadWatchdog w = new ThreadWatchdog(64, 10, n::get, r -> { });
        assertNull(w.check());
        n.set(65);
        assertEquals("too many threads (65 > 64)", w.check());
    }

    @Test
    void processThreads_shouldCountThisJvmsThreads() {
        assertTrue(ThreadWatchdog.processThreads() >= Thread.activeCount());
    }
}
