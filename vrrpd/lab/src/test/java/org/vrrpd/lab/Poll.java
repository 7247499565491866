package org.vrrpd.lab;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition by polling it until a deadline, the way the lab waits for everything. */
public final class Poll {

    private Poll() {
    }

    /**
     * Polls {@code condition} every {@code every} until it is true; returns the time it took. Throws an
     * AssertionError naming {@code what} (and the last exception, if the condition threw) past {@code max}.
     */
    public static Duration until(String what, Duration max, Duration every, Callable<Boolean> condition) {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError error = new AssertionError("not within " + max + ": " + what);
                if (last != null) {
                    error.initCause(last);
                }
                throw error;
            }
            pause(every);
        }
    }

    public static Duration until(String what, Duration max, Callable<Boolean> condition) {
        return until(what, max, Duration.ofMillis(20), condition);
    }

    /** Polls until {@code value} returns non-null (10 s at most) and returns it. */
    public static <T> T untilValue(Callable<T> value, String what) {
        Object[] box = new Object[1];
        until(what, Duration.ofSeconds(10), () -> (box[0] = value.call()) != null);
        @SuppressWarnings("unchecked")
        T t = (T) box[0];
        return t;
    }

    private static void pause(Duration d) {
        try {
            // The poll interval between two evaluations of the condition; not a wait for the condition itself.
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while polling", e);
        }
    }
}
