package org.vrrpd.daemon.loop;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import org.vrrpd.daemon.tuning.RealtimeScheduling;

/**
 * The daemon's one protocol thread: a Netty epoll event loop named {@code vrrpd-protocol}, at the JVM's highest
 * thread priority and, when {@code VRRPD_RT_PRIORITY} (or {@code -Dvrrpd.rt_priority}) asks for it, at a real-time
 * one ({@link RealtimeScheduling}).
 */
public final class ProtocolThread {

    private static final String NAME = "vrrpd-protocol";

    private ProtocolThread() {
    }

    /** A group of one event loop on a new protocol thread. */
    public static MultiThreadIoEventLoopGroup newGroup() {
        return new MultiThreadIoEventLoopGroup(1, r -> {
            Thread t = new Thread(() -> {
                RealtimeScheduling.applyToCurrentThreadFromEnvironment();
                r.run();
            }, NAME);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        }, EpollIoHandler.newFactory());
    }
}
