package org.vrrpd.daemon.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protocol thread's timers on a real epoll loop: {@code scheduleExact} wakes early and spins, so it must
 * still never run a task before its deadline, and a cancelled one never runs.
 */
class NettyProtocolSchedulerTest {

    private static MultiThreadIoEventLoopGroup group;
    private static NettyProtocolScheduler scheduler;

    @BeforeAll
    static void loop() {
        LoopTimerPrecision.apply();
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        scheduler = new NettyProtocolScheduler((IoEventLoop) group.next());
    }

    @AfterAll
    static void close() throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    @Test
    void anExactTaskNeverRunsBeforeItsDeadline() throws Exception {
        for (long micros : new long[] {0, 100, 400, 499, 500, 501, 2_000, 30_000}) {
            for (int i = 0; i < 5; i++) {
                CompletableFuture<Long> ran = new CompletableFuture<>();
                long asked = System.nanoTime();
                scheduler.execute(() -> { }); // the call may come from any thread; the loop is busy or idle
                scheduler.scheduleExact(() -> ran.complete(System.nanoTime()), Duration.ofNanos(micros * 1000));
                long late = ran.get(5, TimeUnit.SECONDS) - (asked + micros * 1000);
                assertTrue(late >= 0, micros + " µs: ran " + (-late) + " ns early");
            }
        }
    }

    @Test
    void aCancelledExactTaskNeverRuns() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        ProtocolScheduler.Cancellable c = scheduler.scheduleExact(() -> ran.set(true), Duration.ofMillis(5));
        c.cancel();
        CompletableFuture<Void> after = new CompletableFuture<>();
        scheduler.schedule(() -> after.complete(null), Duration.ofMillis(20));
        after.get(5, TimeUnit.SECONDS);
        assertFalse(ran.get());
    }

    @Test
    void anOperatorsOwnThresholdIsKept() {
        String before = System.getProperty(LoopTimerPrecision.PROPERTY);
        try {
            System.setProperty(LoopTimerPrecision.PROPERTY, "5");
            LoopTimerPrecision.apply();
            assertEquals("5", System.getProperty(LoopTimerPrecision.PROPERTY));
            System.clearProperty(LoopTimerPrecision.PROPERTY);
            LoopTimerPrecision.apply();
            assertEquals("0", System.getProperty(LoopTimerPrecision.PROPERTY));
        } finally {
            if (before == null) {
                System.clearProperty(LoopTimerPrecision.PROPERTY);
            } else {
                System.setProperty(LoopTimerPrecision.PROPERTY, before);
            }
        }
    }
}
