package org.vrrpd.net.netlink;

import org.vrrpd.net.EpollReadiness;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.Future;
import java.util.List;
import java.util.function.Consumer;

/**
 * Lets a Netty 4.2 epoll event loop ({@code MultiThreadIoEventLoopGroup} with {@code EpollIoHandler}) watch a
 * {@link NetlinkSubscription}'s non-blocking fd: when it becomes readable, the loop thread drains it with
 * {@link NetlinkSubscription#readAvailable()} and hands the events to the listener, on that same thread.
 * Closing the handle (or shutting down the loop) closes the subscription.
 */
public final class NetlinkEpollHandle implements EpollIoHandle {
    private final NetlinkSubscription subscription;
    private final FileDescriptor fd;
    private final Consumer<List<NetlinkEvent>> listener;
    private final Consumer<NetlinkException> onError;

    private NetlinkEpollHandle(NetlinkSubscription subscription, Consumer<List<NetlinkEvent>> listener,
            Consumer<NetlinkException> onError) {
        if (subscription.fd() < 0) {
            throw new IllegalArgumentException("this subscription has no file descriptor (in-memory?)");
        }
        this.subscription = subscription;
        this.fd = new FileDescriptor(subscription.fd());
        this.listener = listener;
        this.onError = onError;
    }

    /**
     * Registers the subscription with {@code loop} for EPOLLIN. The returned future completes with the
     * registration; cancel it to stop watching (the subscription stays open until {@link #close()}).
     */
    public static Future<IoRegistration> register(IoEventLoop loop, NetlinkSubscription subscription,
            Consumer<List<NetlinkEvent>> listener, Consumer<NetlinkException> onError) {
        return EpollReadiness.registerForReading(loop, new NetlinkEpollHandle(subscription, listener, onError));
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        if (!EpollReadiness.readable(event)) {
            return;
        }
        try {
            List<NetlinkEvent> events = subscription.readAvailable();
            if (!events.isEmpty()) {
                listener.accept(events);
            }
        } catch (NetlinkException e) {
            onError.accept(e);
        }
    }

    @Override
    public void close() throws NetlinkException {
        subscription.close();
    }
}
