package org.vrrpd.net;

import io.netty.channel.IoEvent;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoOps;

/** The one readiness test of our epoll handles (raw VRRP sockets, the rtnetlink subscription). */
public final class EpollReadiness {

    private EpollReadiness() {
    }

    /** Whether the event means "read now": data arrived, or an error is pending that a read will report. */
    public static boolean readable(IoEvent event) {
        EpollIoOps ops = ((EpollIoEvent) event).ops();
        return ops.contains(EpollIoOps.EPOLLIN) || ops.contains(EpollIoOps.EPOLLERR);
    }
}
