package org.vrrpd.net.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.NetnsThread;

/**
 * The {@link Rtnetlink} contract against the Linux kernel, inside a network namespace of a {@link Lab} with one veth pair (the kernel here has no dummy driver). Setup and "by hand" actions use the {@code ip} command; the code
 * under test talks netlink only. Needs root.
 */
@Tag("lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinuxRtnetlinkLabTest extends RtnetlinkContract implements RoutesContract {
    private static final String IF = "vrrpve0";
    private static final String PEER = "vrrpve1";

    private Lab lab;
    private String ns;
    private NetnsThread thread;
    private Rtnetlink rtnl;
    private LinuxRtnetlink real;
    private int index;

    @BeforeAll
    void createNamespace() throws Exception {
        lab = Lab.withoutBridge();
        try {
            ns = lab.addNamespace("rtnl");
            lab.addVeth("rtnl", IF, null, "rtnl", PEER, null);
            ip("link", "set", "dev", PEER, "up");
            ip("link", "set", "dev", IF, "up");
            thread = NetnsThread.enter(ns);
            real = thread.call(LinuxRtnetlink::open);
            rtnl = thread.proxy(Rtnetlink.class, real);
            index = rtnl.ifindex(IF);
            // Wait for the IPv6 link-local address of the new link to finish DAD.
            awaitLinkLocal(rtnl, index);
        } catch (Exception | AssertionError e) {
            removeNamespace();
            throw e;
        }
    }

    @AfterAll
    void removeNamespace() throws Exception {
        try {
            if (real != null) {
                real.close();
            }
        } finally {
            if (thread != null) {
                thread.close();
            }
            lab.close();
        }
    }

    /** Runs {@code ip ARGS} in the namespace (set-up and changes "by hand"). */
    private void ip(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ip";
        System.arraycopy(args, 0, cmd, 1, args.length);
        lab.exec("rtnl", cmd);
    }

    /** As {@link #ip}, for clean-up: failures are ignored. */
    private void ipQuiet(String... args) {
        try {
            ip(args);
        } catch (IOException e) {
            // clean-up is best effort
        }
    }

    @Override
    public Rtnetlink rtnetlink() {
        return rtnl;
    }

    @Override
    public int ifindex() {
        return index;
    }

    @Override
    protected String ifname() {
        return IF;
    }

    @Override
    protected void setLinkUpByHand(boolean up) throws Exception {
        ip("link", "set", "dev", IF, up ? "up" : "down");
    }

    @Override
    protected void removeAddressByHand(InterfaceAddress a) throws Exception {
        ip("addr", "del", a.address().getHostAddress() + "/" + a.prefixLength(), "dev", IF);
    }

    @Test
    void subscription_fd_isNonBlockingAndReadableAfterAChange() throws Exception {
        try (NetlinkSubscription sub = rtnl.subscribe()) {
            assertTrue(sub.fd() >= 0);
            assertEquals(List.of(), sub.readAvailable(), "nothing pending yet, and no blocking");
            ip("addr", "add", "192.0.2.50/24", "dev", IF);
            try {
                long deadline = System.nanoTime() + EVENT_DEADLINE.toNanos();
                List<NetlinkEvent> events = new ArrayList<>();
                while (events.isEmpty() && System.nanoTime() < deadline) {
                    // Wait for readability as an event loop would, then drain without blocking.
                    NetlinkCalls.Checked.get().pollIn(sub.fd(), 200);
                    events.addAll(sub.readAvailable());
                }
                assertTrue(events.stream().anyMatch(e -> e instanceof NetlinkEvent.AddressAdded a
                        && a.address().address().getHostAddress().equals("192.0.2.50")), events.toString());
                assertEquals(0, sub.rejectedDatagrams());
            } finally {
                ipQuiet("addr", "del", "192.0.2.50/24", "dev", IF);
            }
        }
    }

    @Test
    void kernelError_carriesExtendedAckText() throws Exception {
        InterfaceAddress a = InterfaceAddress.vip(999_999, InetAddress.getByName("192.0.2.41"), 24);
        NetlinkException e = assertThrows(NetlinkException.class,
                () -> rtnl.addAddress(a));
        assertTrue(e.getMessage().contains("No such device (errno 19); kernel says: "), e.getMessage());
    }

    @Test
    void subscription_overrun_reportsResyncNeeded() throws Exception {
        // The kernel's minimum SO_RCVBUF holds only a few notifications; sixty unread ones overrun it.
        try (NetlinkSubscription sub = thread.call(() -> real.subscribe(1024))) {
            for (int i = 1; i <= 60; i++) {
                rtnl.addAddress(v4("192.0.2." + (100 + i), 32));
            }
            List<NetlinkEvent> events = sub.readAvailable();
            assertTrue(events.stream().anyMatch(e -> e instanceof NetlinkEvent.ResyncNeeded), events.toString());
        }
    }

    @Test
    void epollHandle_deliversEventsOnNettyEventLoop() throws Exception {
        assertTrue(Epoll.isAvailable(), () -> "epoll unavailable: " + Epoll.unavailabilityCause());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        NetlinkSubscription sub = rtnl.subscribe();
        try {
            BlockingQueue<NetlinkEvent> received = new LinkedBlockingQueue<>();
            BlockingQueue<Boolean> onLoopThread = new LinkedBlockingQueue<>();
            IoEventLoop loop = (IoEventLoop) group.next();
            NetlinkEpollHandle.register(loop, sub, events -> {
                onLoopThread.add(loop.inEventLoop());
                received.addAll(events);
            }, e -> received.add(new NetlinkEvent.ResyncNeeded(e.getMessage()))).sync();
            InterfaceAddress a = v4("192.0.2.60", 24);
            ip("addr", "add", "192.0.2.60/24", "dev", IF);
            long deadline = System.nanoTime() + EVENT_DEADLINE.toNanos();
            NetlinkEvent got = null;
            while (got == null && System.nanoTime() < deadline) {
                NetlinkEvent e = received.poll(100, TimeUnit.MILLISECONDS);
                if (e instanceof NetlinkEvent.AddressAdded aa && aa.address().sameAddress(a)) {
                    got = e;
                }
            }
            assertTrue(got != null, "AddressAdded for 192.0.2.60 not delivered through epoll");
            assertEquals(List.of(true), List.copyOf(new HashSet<>(onLoopThread)),
                    "listener runs on the event loop thread");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            sub.close();
        }
    }
}
