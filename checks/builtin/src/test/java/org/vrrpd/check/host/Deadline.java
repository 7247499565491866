package org.vrrpd.check.host;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or 5 s have passed. */
final class Deadline {

    private Deadline() {
    }

    static void poll(BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 5s");
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
