package org.vrrpd.check.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition in tests with real threads: polled every 10 ms, failing the test at the deadline. */
public final class Poll {

    private Poll() {
    }

    /** Returns once {@code condition} holds; throws an AssertionError naming {@code what} after {@code limit}. */
    public static void until(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(10); // between polls; the deadline bounds the wait
        }
    }
}
