package org.vrrpd.daemon.instance;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.vrrpd.config.GarpConfig;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.NotifyConfig;
import org.vrrpd.config.VirtualAddress;
import org.vrrpd.daemon.loop.ManualScheduler;
import org.vrrpd.daemon.vip.FakeNeighbourTable;
import org.vrrpd.daemon.vip.VipTable;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.net.InMemoryLan;
import org.vrrpd.net.MacAddress;
import org.vrrpd.net.netlink.FakeRtnetlink;
import org.vrrpd.net.netlink.InterfaceAddress;
import org.vrrpd.net.netlink.NetlinkException;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.ChecksumMode;

/**
 * Routers for driver tests: each has its own fake kernel (rtnetlink) and a host on the in-memory LAN, all
 * sharing one manual clock, so a test can run whole elections without sockets or threads.
 */
public final class DriverRig {

    public static final String VIP = "192.0.2.100";

    final ManualScheduler clock = new ManualScheduler();
    final InMemoryLan lan = new InMemoryLan();
    final List<Router> routers = new ArrayList<>();

    /** One router: its kernel, its driver and the transitions it reported. */
    final class Router {
        final FakeRtnetlink kernel = new FakeRtnetlink();
        final FakeNeighbourTable neighbours = new FakeNeighbourTable();
        final int ifindex;
        final InstanceDriver driver;
        final List<String> transitions = new ArrayList<>();
        final VipTable vips;
        /** Its host on the LAN; closing it silences the router as a crash would. */
        final InMemoryLan.Host host;

        Router(int n, InstanceConfig config) throws Exception {
            this(n, config, clock.asExecutor());
        }

        /** A router whose received packets go through {@code deliveries} (e.g. an {@link InMemoryLan.SocketBuffer}). */
        Router(int n, InstanceConfig config, Executor deliveries) throws Exception {
            kernel.addLinkByHand("lo", 65536); // ifindex 1 in both fakes is not eth0: the LAN numbers from 2
            ifindex = kernel.addLinkByHand("eth0", 1500);
            InetAddress own = InetAddress.getByName("192.0.2." + n);
            kernel.addAddress(new InterfaceAddress(ifindex, own, 24, Optional.empty(), 0, 0));
            host = lan.host("r" + n, deliveries);
            host.attach("eth0", "lan", MacAddress.parse(String.format("02:00:00:00:00:%02x", n)), own);
            vips = new VipTable(kernel);
            driver = new InstanceDriver(config, clock, host, vips,
                    (d, from, to, why) -> transitions.add(from + "->" + to));
            driver.neighbourTable(neighbours);
        }

        boolean hasVip() throws NetlinkException {
            return kernel.addresses(ifindex).stream().anyMatch(a -> a.address().getHostAddress().equals(VIP));
        }

        /** The router's VIP table (shared by further drivers on the same host). */
        VipTable driverVips() {
            return vips;
        }

        VrrpState state() {
            return driver.state();
        }
    }

    public static InstanceConfig config(int priority, boolean preempt) throws Exception {
        return new InstanceConfig("vi", "eth0", 42, 3, AddressFamily.IPV4, priority, Duration.ofMillis(100),
                List.of(new VirtualAddress(InetAddress.getByName(VIP), 24, Optional.empty(), Optional.empty())),
                List.of(), preempt, Duration.ZERO, false, ChecksumMode.PSEUDO_HEADER, Optional.empty(), List.of(),
                new GarpConfig(Duration.ZERO, 1, Duration.ZERO, Duration.ZERO), true, List.of(), NotifyConfig.NONE,
                List.of(), true);
    }

    Router add(int n, int priority) throws Exception {
        Router r = new Router(n, config(priority, true));
        routers.add(r);
        return r;
    }

    /** Routers r1, r2, ... with these priorities, started, after two seconds: the election has run. */
    List<Router> elected(int... priorities) throws Exception {
        List<Router> started = new ArrayList<>();
        for (int i = 0; i < priorities.length; i++) {
            started.add(add(i + 1, priorities[i]));
        }
        for (Router r : started) {
            r.driver.start();
        }
        clock.advance(Duration.ofSeconds(2));
        return started;
    }

    /** Router rN whose packets wait in {@code socket} until it is drained. */
    Router add(int n, int priority, InMemoryLan.SocketBuffer socket) throws Exception {
        Router r = new Router(n, config(priority, true), socket);
        routers.add(r);
        return r;
    }

    Router add(int n, InstanceConfig c) throws Exception {
        Router r = new Router(n, c);
        routers.add(r);
        return r;
    }
}
