package org.vrrpd.daemon.loop;

import io.netty.channel.IoEventLoop;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The protocol thread: one Netty epoll event loop that also carries the raw sockets and netlink events.
 *
 * <p>Timers: the loop sleeps on a timerfd ({@link LoopTimerPrecision}), which fires at its deadline; what is left
 * is the thread's wake-up, 0.2–0.5 ms on a virtual machine. {@link #scheduleExact} wakes that much early and
 * spins for the rest, so a takeover's deadline is kept to a few microseconds; it costs at most
 * {@link #WAKE_LEAD_NANOS} of CPU per expiry, and only the Master_Down_Timer uses it (it expires at a takeover,
 * not every interval).
 */
public final class NettyProtocolScheduler implements ProtocolScheduler {

    /** How early {@link #scheduleExact} wakes the loop: above the measured wake-up latency of an idle thread. */
    static final long WAKE_LEAD_NANOS = 500_000L;

    private final IoEventLoop loop;

    public NettyProtocolScheduler(IoEventLoop loop) {
        this.loop = loop;
    }

    public IoEventLoop loop() {
        return loop;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        ScheduledFuture<?> f = loop.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public Cancellable scheduleExact(Runnable task, Duration delay) {
        long nanos = delay.toNanos();
        long deadline = System.nanoTime() + nanos;
        ScheduledFuture<?> f = loop.schedule(() -> {
            spinUntil(deadline);
            task.run();
        }, Math.max(0, nanos - WAKE_LEAD_NANOS), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /** Busy-waits for the last stretch to {@code deadline} (at most {@link #WAKE_LEAD_NANOS}). */
    static void spinUntil(long deadline) {
        while (System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public boolean inLoop() {
        return loop.inEventLoop();
    }
}
