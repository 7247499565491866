package org.vrrpd.daemon;

import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;

/**
 * Registers a non-blocking file descriptor we do not own (the rtnetlink subscription) with the epoll event
 * loop, so its readiness is handled on the protocol thread like the VRRP sockets'. Closing the watcher only
 * deregisters; the owner closes the descriptor.
 */
final class FdWatcher implements EpollIoHandle {

    private final FileDescriptor fd;
    private final Runnable onReadable;

    FdWatcher(int fd, Runnable onReadable) {
        this.fd = new FileDescriptor(fd) {
            @Override
            public void close() {
                // not ours: the subscription closes its own socket
            }
        };
        this.onReadable = onReadable;
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        EpollIoOps ops = ((EpollIoEvent) event).ops();
        if (ops.contains(EpollIoOps.EPOLLIN) || ops.contains(EpollIoOps.EPOLLERR)) {
            onReadable.run();
        }
    }

    @Override
    public void close() {
        // deregistration is done through the IoRegistration
    }
}
