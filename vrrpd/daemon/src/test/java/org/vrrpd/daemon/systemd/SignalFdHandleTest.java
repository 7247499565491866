package org.vrrpd.daemon.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vrrpd.net.LibC;
import org.vrrpd.net.NativeCalls;

/**
 * A real signalfd on a real epoll loop. The test JVM's threads do not block any signal the daemon reads, so the
 * loop thread blocks SIGWINCH (which the JVM does not use) for itself, and the test sends SIGWINCH to that thread
 * alone (tgkill): it waits there for the signalfd, as SIGTERM does in a daemon started by the launcher.
 */
class SignalFdHandleTest {

    private static final int SIGWINCH = 28;
    private static final int SIG_BLOCK = 0;
    private static final int SIG_UNBLOCK = 1;

    private final LibC libc = NativeCalls.load().libc();
    private MultiThreadIoEventLoopGroup group;
    private IoEventLoop loop;
    private int loopTid;

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        loop = (IoEventLoop) group.next();
        loopTid = loop.submit(() -> {
            assertEquals(0, libc.pthread_sigmask(SIG_BLOCK, SignalSet.sigset(SignalSet.bit(SIGWINCH)), new byte[128]));
            return libc.gettid();
        }).get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        loop.submit(() -> libc.pthread_sigmask(SIG_UNBLOCK, SignalSet.sigset(SignalSet.bit(SIGWINCH)), new byte[128]))
                .get(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void aSignalSentToTheLoopThread_reachesTheListener_onThatThread_onceEachTime() throws Exception {
        List<Integer> signals = new CopyOnWriteArrayList<>();
        List<Boolean> onLoop = new CopyOnWriteArrayList<>();
        SignalFdHandle handle = SignalFdHandle.open(SignalSet.bit(SIGWINCH), s -> {
            signals.add(s);
            onLoop.add(loop.inEventLoop());
        });
        IoRegistration registration = handle.register(loop).sync().getNow();
        try {
            int pid = (int) ProcessHandle.current().pid();
            assertEquals(0, libc.tgkill(pid, loopTid, SIGWINCH));
            await(() -> signals.size() == 1);
            assertEquals(0, libc.tgkill(pid, loopTid, SIGWINCH));
            await(() -> signals.size() == 2);
            assertEquals(List.of(SIGWINCH, SIGWINCH), signals);
            assertEquals(List.of(true, true), onLoop);
        } finally {
            registration.cancel();
            handle.close();
        }
    }

    @Test
    void signo_readsTheFirstWordOfEachRecord_inHostOrder() {
        byte[] records = new byte[2 * SignalFdHandle.SIGINFO_BYTES];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(records).order(java.nio.ByteOrder.nativeOrder());
        b.putInt(0, 15).putInt(4, 99).putInt(SignalFdHandle.SIGINFO_BYTES, 1);
        assertEquals(15, SignalFdHandle.signo(records, 0));
        assertEquals(1, SignalFdHandle.signo(records, SignalFdHandle.SIGINFO_BYTES));
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "no signal read within 5 s");
            Thread.sleep(5);
        }
    }
}
