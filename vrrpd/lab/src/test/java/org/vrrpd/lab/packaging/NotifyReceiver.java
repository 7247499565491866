package org.vrrpd.lab.packaging;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Plays systemd's side of sd_notify: a Unix datagram socket that records every message the daemon sends. */
final class NotifyReceiver implements AutoCloseable {

    private final Path path;
    private final MultiThreadIoEventLoopGroup group;
    private final Channel channel;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    NotifyReceiver(Path path) throws IOException {
        this.path = path;
        this.group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            channel = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket msg) {
                            messages.add(msg.content().toString(StandardCharsets.UTF_8));
                        }
                    })
                    .bind(new DomainSocketAddress(path.toString())).sync().channel();
            // The daemon runs as nobody: it needs write permission on the socket, as on systemd's.
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully();
            throw new IOException(e);
        }
    }

    Path path() {
        return path;
    }

    /** Every datagram so far, oldest first. */
    List<String> messages() {
        return List.copyOf(messages);
    }

    /** How many datagrams contain the assignment line {@code line} (e.g. "READY=1"). */
    long count(String line) {
        return messages.stream().filter(m -> m.lines().anyMatch(line::equals)).count();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
