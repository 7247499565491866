package org.vrrpd.check.runtime;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The worker threads of one instance's {@link CheckScheduler}. */
final class CheckThreads {

    private CheckThreads() {
    }

    /**
     * A pool of one daemon thread per check and one more per check with {@link IndependentRuns} (its second run),
     * never more; idle threads exit after 30 s. The queue never holds more tasks than that either, because each
     * check has at most one run (two with independent runs) queued or running; it only absorbs the instant between
     * a run ending and its thread polling.
     */
    static ThreadPoolExecutor pool(String instanceName, List<ScheduledCheck> checks) {
        int n = Math.max(1, checks.size()
                + (int) checks.stream().filter(c -> c.check() instanceof IndependentRuns).count());
        AtomicInteger threadNo = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "vrrpd-check-" + instanceName + "-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
