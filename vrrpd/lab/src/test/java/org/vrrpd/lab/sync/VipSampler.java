package org.vrrpd.lab.sync;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.NetnsThread;
import org.vrrpd.net.netlink.InterfaceAddress;
import org.vrrpd.net.netlink.LinuxRtnetlink;
import org.vrrpd.net.netlink.NetlinkConstants;
import org.vrrpd.net.netlink.Rtnetlink;

/**
 * Samples, every 10 ms, which of routers r1 and r2 hold each of two VIPs: one rtnetlink dump per router per
 * sample, from a thread inside each router's namespace (far cheaper than running {@code ip}, so the 10 ms pace
 * holds on the 2-core lab machine). {@link #longestSplitMs} measures how long the two VIPs were held by different
 * sets of routers.
 */
final class VipSampler implements AutoCloseable {

    /** One sample: when (monotonic ms) and, per VIP, a bit set of its holders (1 = r1, 2 = r2). */
    record Sample(double atMs, int holdersA, int holdersB) {
        boolean split() {
            return holdersA != holdersB;
        }
    }

    private final InetAddress a;
    private final InetAddress b;
    private final List<NetnsThread> threads = new ArrayList<>();
    private final List<Rtnetlink> sockets = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile Exception failure;

    VipSampler(Lab lab, InetAddress a, InetAddress b) throws Exception {
        this.a = a;
        this.b = b;
        try {
            for (String host : List.of("r1", "r2")) {
                NetnsThread t = NetnsThread.enter(lab.ns(host));
                threads.add(t);
                sockets.add(t.proxy(Rtnetlink.class, t.call(LinuxRtnetlink::open)));
            }
        } catch (Exception e) {
            close();
            throw e;
        }
        this.sampler = new Thread(this::run, "vip-sampler");
        sampler.start();
    }

    private void run() {
        long t0 = System.nanoTime();
        try {
            while (running) {
                int ha = 0;
                int hb = 0;
                for (int r = 0; r < sockets.size(); r++) {
                    for (InterfaceAddress ia : sockets.get(r).addresses(OptionalInt.empty(),
                            NetlinkConstants.AF_UNSPEC)) {
                        ha |= ia.address().equals(a) ? 1 << r : 0;
                        hb |= ia.address().equals(b) ? 1 << r : 0;
                    }
                }
                synchronized (samples) {
                    samples.add(new Sample((System.nanoTime() - t0) / 1e6, ha, hb));
                }
                Thread.sleep(10); // the sampling period, not a wait for a condition
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e;
        }
    }

    /** How many samples have been taken so far. */
    int count() {
        synchronized (samples) {
            return samples.size();
        }
    }

    /** Stops sampling and returns every sample taken. */
    List<Sample> stop() throws Exception {
        running = false;
        sampler.join(5000);
        if (failure != null) {
            throw failure;
        }
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /**
     * The longest time the two VIPs had different holders: from the first split sample of a run to the first
     * agreeing sample after it (an upper bound on the real split, by up to one sampling period).
     */
    static double longestSplitMs(List<Sample> samples) {
        double longest = 0;
        Double start = null;
        for (Sample s : samples) {
            if (s.split() && start == null) {
                start = s.atMs();
            } else if (!s.split() && start != null) {
                longest = Math.max(longest, s.atMs() - start);
                start = null;
            }
        }
        if (start != null) {
            longest = Double.POSITIVE_INFINITY; // still split at the end
        }
        return longest;
    }

    /** The longest gap between consecutive samples (to show the 10 ms pace held). */
    static double longestGapMs(List<Sample> samples) {
        double gap = 0;
        for (int i = 1; i < samples.size(); i++) {
            gap = Math.max(gap, samples.get(i).atMs() - samples.get(i - 1).atMs());
        }
        return gap;
    }

    @Override
    public void close() {
        running = false;
        for (Rtnetlink s : sockets) {
            try {
                s.close();
            } catch (Exception e) {
                // closing a lab socket; the namespace goes away with the lab
            }
        }
        threads.forEach(NetnsThread::close);
    }
}
