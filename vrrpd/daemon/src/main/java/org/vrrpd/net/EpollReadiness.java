package org.vrrpd.net;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.concurrent.Future;

/** The one readiness test of our epoll handles (raw VRRP sockets, the rtnetlink subscription, the signalfd). */
public final class EpollReadiness {

    private EpollReadiness() {
    }

    /** Whether the event means "read now": data arrived, or an error is pending that a read will report. */
    public static boolean readable(IoEvent event) {
        EpollIoOps ops = ((EpollIoEvent) event).ops();
        return ops.contains(EpollIoOps.EPOLLIN) || ops.contains(EpollIoOps.EPOLLERR);
    }

    /**
     * Registers {@code handle} with {@code loop} and asks for EPOLLIN once registered. The returned future completes
     * with the registration; cancel it to stop watching.
     */
    public static Future<IoRegistration> registerForReading(IoEventLoop loop, EpollIoHandle handle) {
        Future<IoRegistration> f = loop.register(handle);
        f.addListener(done -> {
            if (done.isSuccess()) {
                ((IoRegistration) done.getNow()).submit(EpollIoOps.EPOLLIN);
            }
        });
        return f;
    }
}
