package org.vrrpd.daemon.loop;

import io.netty.channel.IoEventLoop;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The protocol thread: one Netty epoll event loop that also carries the raw sockets and netlink events. */
public final class NettyProtocolScheduler implements ProtocolScheduler {

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
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public boolean inLoop() {
        return loop.inEventLoop();
    }
}
