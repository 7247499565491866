package org.vrrpd.daemon.systemd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdNotifyTest {

    private final List<String> sent = new ArrayList<>();
    private final List<byte[]> addresses = new ArrayList<>();

    private SdNotify recording(String socket) {
        return SdNotify.forSocket(socket, (addr, payload) -> {
            addresses.add(addr);
            sent.add(new String(payload, StandardCharsets.UTF_8));
        });
    }

    @Test
    void sockaddr_shouldBeFamilyThenNulTerminatedPath_forFilesystemSocket() {
        byte[] expected = {1, 0, '/', 'r', '/', 's', 0};
        assertArrayEquals(expected, SdNotify.sockaddr("/r/s"));
    }

    @Test
    void sockaddr_shouldReplaceAtWithLeadingNulAndNoTerminator_forAbstractSocket() {
        byte[] expected = {1, 0, 0, 'n', 'o', 't', 'i', 'f', 'y'};
        assertArrayEquals(expected, SdNotify.sockaddr("@notify"));
    }

    @Test
    void notifier_shouldSendNothing_whenNotifySocketIsUnset() {
        SdNotify sd = recording(null);
        sd.ready("x");
        sd.watchdog();
        assertFalse(sd.enabled());
        assertTrue(sent.isEmpty());
    }

    @Test
    void notifier_shouldBeDisabled_whenNotifySocketIsRelative() {
        assertFalse(recording("run/notify").enabled());
    }

    @Test
    void ready_shouldSendReadyAndASingleLineStatus() {
        SdNotify sd = recording("@sd");
        sd.ready("2 instance(s):\nmail=MASTER");
        assertEquals(List.of("READY=1\nSTATUS=2 instance(s): mail=MASTER"), sent);
        assertArrayEquals(SdNotify.sockaddr("@sd"), addresses.get(0));
    }

    @Test
    void reloading_shouldCarryMonotonicUsecFromTheMonotonicClock() {
        SdNotify sd = recording("/run/systemd/notify");
        long before = System.nanoTime() / 1000;
        sd.reloading();
        long after = System.nanoTime() / 1000;
        String[] lines = sent.get(0).split("\n");
        assertEquals("RELOADING=1", lines[0]);
        assertTrue(lines[1].startsWith("MONOTONIC_USEC="), lines[1]);
        long usec = Long.parseLong(lines[1].substring("MONOTONIC_USEC=".length()));
        assertTrue(usec >= before && usec <= after, usec + " not in [" + before + ", " + after + "]");
    }

    @Test
    void stoppingAndWatchdog_shouldSendTheirAssignments() {
        SdNotify sd = recording("/n");
        sd.stopping();
        sd.watchdog();
        assertTrue(sent.get(0).startsWith("STOPPING=1\n"));
        assertEquals("WATCHDOG=1", sent.get(1));
    }

    @Test
    void send_shouldNotThrow_whenTheTransportFails() {
        SdNotify sd = SdNotify.forSocket("/n", (a, p) -> {
            throw new IOException("Connection refused");
        });
        sd.ready("x");
        assertTrue(sd.enabled());
    }

    @Test
    void watchdogInterval_shouldFollowWatchdogUsec_whenMeantForThisPid() {
        assertEquals(Optional.of(Duration.ofSeconds(10)),
                SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "10000000", "WATCHDOG_PID", "42"), 42));
        assertEquals(Optional.of(Duration.ofMillis(1500)),
                SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "1500000"), 42));
    }

    @Test
    void watchdogInterval_shouldBeEmpty_whenUnsetForAnotherPidOrGarbage() {
        assertEquals(Optional.empty(), SdNotify.watchdogInterval(Map.of(), 42));
        assertEquals(Optional.empty(),
                SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "1000", "WATCHDOG_PID", "7"), 42));
        assertEquals(Optional.empty(), SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "soon"), 42));
        assertEquals(Optional.empty(), SdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "0"), 42));
    }

    @Test
    void nativeTransport_shouldDeliverTheDatagram_toARealUnixDatagramSocket(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("notify");
        assertEquals("READY=1\nSTATUS=up", sendAndReceive(socket.toString(), socket.toString()));
        assertTrue(Files.exists(socket));
    }

    @Test
    void nativeTransport_shouldDeliverTheDatagram_toAnAbstractSocket() throws Exception {
        String name = "vrrpd-sdnotify-test-" + ProcessHandle.current().pid();
        assertEquals("READY=1\nSTATUS=up", sendAndReceive("\0" + name, "@" + name));
    }

    /** Binds a receiver at {@code bindPath} (a leading NUL = abstract), sends READY=1 to {@code notifySocket}. */
    private static String sendAndReceive(String bindPath, String notifySocket) throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel ch = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket msg) {
                            ByteBuf b = msg.content();
                            received.add(b.toString(StandardCharsets.UTF_8));
                        }
                    })
                    .bind(new DomainSocketAddress(bindPath)).sync().channel();
            SdNotify sd = SdNotify.forSocket(notifySocket, SdNotify::nativeSend);
            sd.ready("up");
            String got = received.poll(10, TimeUnit.SECONDS);
            ch.close().sync();
            return got;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
