package org.vrrpd.lab.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.vrrpd.lab.fixture.NetnsThread;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.net.netlink.LinuxRtnetlink;
import org.vrrpd.net.netlink.NetlinkEvent;
import org.vrrpd.net.netlink.NetlinkException;
import org.vrrpd.net.netlink.NetlinkSubscription;

/**
 * Samples which of the two routers holds the VIP every 10 ms, with one rtnetlink socket opened inside each
 * router's namespace (an address dump takes well under a millisecond, where running {@code ip} takes 10-20 ms),
 * so "exactly one holder at every sample" is checked at the stated rate. A stalled test JVM could still miss a
 * short double hold between two samples, so each namespace's address events are read too: no VIP may be added
 * or removed in either namespace during the window, which makes the check continuous.
 */
final class VipSampler implements AutoCloseable {

    static final Duration PERIOD = Duration.ofMillis(10);

    private final List<NetnsThread> threads = new ArrayList<>();
    private final List<LinuxRtnetlink> sockets = new ArrayList<>();
    private final List<Integer> ifindexes = new ArrayList<>();
    private final List<NetlinkSubscription> events = new ArrayList<>();
    private final InetAddress vip;

    VipSampler(Routers p) throws Exception {
        vip = InetAddress.getByName(p.v.vip());
        try {
            for (int n = 1; n <= 2; n++) {
                NetnsThread t = NetnsThread.enter(p.lab.ns("r" + n));
                threads.add(t);
                LinuxRtnetlink r = t.call(LinuxRtnetlink::open); // the socket stays in that namespace
                sockets.add(r);
                ifindexes.add(r.ifindex("eth0"));
                events.add(t.call(r::subscribe));
            }
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    boolean holds(int n) throws NetlinkException {
        return sockets.get(n - 1).addresses(ifindexes.get(n - 1)).stream().anyMatch(a -> a.address().equals(vip));
    }

    /** Asserts that exactly router {@code n} holds the VIP at every 10 ms sample for {@code window}; prints the count. */
    void assertOnlyHolder(int n, Duration window, String phase) throws Exception {
        for (NetlinkSubscription e : events) {
            e.readAvailable(); // what happened before the window
        }
        long start = System.nanoTime();
        int samples = 0;
        long worstGapNanos = 0;
        long previous = start;
        for (long next = start; next < start + window.toNanos(); next += PERIOD.toNanos()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // the sampling clock, not a condition wait
            }
            long at = System.nanoTime();
            boolean mine = holds(n);
            boolean other = holds(Routers.other(n));
            assertTrue(mine && !other, phase + ": sample " + samples + " at " + (at - start) / 1_000_000 + " ms: r" + n
                    + " " + mine + ", r" + Routers.other(n) + " " + other);
            worstGapNanos = Math.max(worstGapNanos, at - previous);
            previous = at;
            samples++;
        }
        for (int r = 1; r <= 2; r++) {
            List<NetlinkEvent> vipEvents = events.get(r - 1).readAvailable().stream().filter(this::concernsVip).toList();
            assertTrue(vipEvents.isEmpty(), phase + ": the VIP moved on r" + r + " during the window: " + vipEvents);
        }
        System.out.printf("[%s] VIP only on r%d at all %d samples in %d ms (every %d ms, longest gap %.1f ms),"
                + " no VIP event in either namespace%n", phase, n, samples, window.toMillis(), PERIOD.toMillis(),
                worstGapNanos / 1e6);
    }

    private boolean concernsVip(NetlinkEvent e) {
        return e instanceof NetlinkEvent.ResyncNeeded
                || e instanceof NetlinkEvent.AddressAdded a && a.address().address().equals(vip)
                || e instanceof NetlinkEvent.AddressRemoved r && r.address().equals(vip);
    }

    @Override
    public void close() {
        for (NetlinkSubscription e : events) {
            try {
                e.close();
            } catch (NetlinkException ignored) {
                // as below
            }
        }
        for (LinuxRtnetlink s : sockets) {
            try {
                s.close();
            } catch (NetlinkException e) {
                // closing a socket of a namespace about to be deleted; nothing to keep
            }
        }
        threads.forEach(NetnsThread::close);
    }
}
