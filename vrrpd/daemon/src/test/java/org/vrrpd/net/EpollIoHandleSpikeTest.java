package org.vrrpd.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spike: Netty 4.2 has no raw-socket channel, but its IO API lets any fd join the epoll loop as an
 * {@link EpollIoHandle}. This proves the readiness callback and the loop's timers run on the same thread, using a
 * pipe (no privileges needed); the lab contract test does the same with real raw sockets.
 */
class EpollIoHandleSpikeTest {

    private MultiThreadIoEventLoopGroup group;
    private FileDescriptor[] pipe;

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        pipe = FileDescriptor.pipe();
    }

    @AfterEach
    void stop() throws Exception {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        pipe[0].close();
        pipe[1].close();
    }

    @Test
    void customEpollIoHandle_shouldBeCalledOnTheLoopThread_whenItsFdBecomesReadable() throws Exception {
        IoEventLoop loop = group.next();
        BlockingQueue<String> seen = new ArrayBlockingQueue<>(4);
        EpollIoHandle handle = new EpollIoHandle() {
            @Override
            public FileDescriptor fd() {
                return pipe[0];
            }

            @Override
            public void handle(IoRegistration registration, IoEvent event) {
                if (((EpollIoEvent) event).ops().contains(EpollIoOps.EPOLLIN)) {
                    ByteBuffer buf = ByteBuffer.allocateDirect(64);
                    try {
                        int n = pipe[0].read(buf, 0, 64);
                        byte[] b = new byte[n];
                        buf.get(b);
                        seen.add((loop.inEventLoop() ? "loop:" : "other:") + new String(b, StandardCharsets.US_ASCII));
                    } catch (java.io.IOException e) {
                        seen.add("error:" + e.getMessage());
                    }
                }
            }

            @Override
            public void close() {
            }
        };
        IoRegistration registration = loop.register(handle).sync().getNow();
        registration.submit(EpollIoOps.EPOLLIN);

        ByteBuffer out = ByteBuffer.allocateDirect(5).put("hello".getBytes(StandardCharsets.US_ASCII)).flip();
        pipe[1].write(out, 0, 5);
        assertEquals("loop:hello", seen.poll(5, TimeUnit.SECONDS));

        BlockingQueue<Boolean> timer = new ArrayBlockingQueue<>(1);
        loop.schedule(() -> timer.add(loop.inEventLoop()), 10, TimeUnit.MILLISECONDS);
        assertTrue(timer.poll(5, TimeUnit.SECONDS), "timer ran on the loop thread");

        assertTrue(loop.submit(registration::cancel).get(5, TimeUnit.SECONDS));
    }
}
