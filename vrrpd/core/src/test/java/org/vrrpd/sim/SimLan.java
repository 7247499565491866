package org.vrrpd.sim;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.vrrpd.fsm.VrrpConfig;

/**
 * A simulated LAN segment: routers running the real state machine over an in-memory multicast bus, with a fake
 * clock, a fixed delay per directed link (drawn once from the seeded Random) and per-link loss. Everything is
 * driven by one seeded {@link Random} and one {@link SimScheduler}, so a run is deterministic for a seed.
 *
 * <p>It also watches the Masters: for every pair of routers it measures each continuous time both were Master
 * ("overlap") and keeps the longest.
 */
final class SimLan {

    final SimScheduler scheduler = new SimScheduler();
    private final Random random;
    private final long minDelayNanos;
    private final long maxDelayNanos;
    private final List<SimRouter> routers = new ArrayList<>();
    private final List<long[]> linkDelay = new ArrayList<>();
    private final List<double[]> linkLoss = new ArrayList<>();
    private final List<Long> masterSince = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private long maxOverlapNanos;
    private String maxOverlapWhere = "none";
    private long lastMasterChange;

    SimLan(long seed, long minDelayNanos, long maxDelayNanos) {
        this.random = new Random(seed);
        this.minDelayNanos = minDelayNanos;
        this.maxDelayNanos = maxDelayNanos;
    }

    /** Adds a router at 192.0.2.(10 + index), not yet started. */
    SimRouter add(VrrpConfig template, int priority) {
        int i = routers.size();
        VrrpConfig config = new VrrpConfig(template.vrid(), template.version(), priority,
                template.advertisementIntervalCs(), template.preempt(), template.preemptDelay(),
                template.acceptMode(), address("192.0.2." + (10 + i)), template.fastTakeover());
        SimRouter r = new SimRouter(i, config, this);
        routers.add(r);
        masterSince.add(-1L);
        for (int j = 0; j < linkDelay.size(); j++) {
            linkDelay.set(j, java.util.Arrays.copyOf(linkDelay.get(j), i + 1));
            linkLoss.set(j, java.util.Arrays.copyOf(linkLoss.get(j), i + 1));
        }
        linkDelay.add(new long[i + 1]);
        linkLoss.add(new double[i + 1]);
        for (int j = 0; j <= i; j++) {
            linkDelay.get(i)[j] = drawDelay();
            linkDelay.get(j)[i] = drawDelay();
        }
        return r;
    }

    List<SimRouter> routers() {
        return routers;
    }

    SimRouter router(int i) {
        return routers.get(i);
    }

    /** Same loss probability on every directed link. */
    void setLoss(double p) {
        for (double[] row : linkLoss) {
            java.util.Arrays.fill(row, p);
        }
    }

    void setLoss(int from, int to, double p) {
        linkLoss.get(from)[to] = p;
    }

    long maxDelayNanos() {
        return maxDelayNanos;
    }

    void runUntil(long t) {
        scheduler.runUntil(t);
    }

    void runFor(long nanos) {
        scheduler.runUntil(scheduler.now() + nanos);
    }

    List<SimRouter> masters() {
        return routers.stream().filter(SimRouter::isMaster).toList();
    }

    long lastMasterChange() {
        return lastMasterChange;
    }

    void broadcast(SimRouter from, int priority) {
        if (!from.linkUp) {
            return;
        }
        InetAddress src = from.address();
        int interval = from.fsm.config().advertisementIntervalCs();
        for (SimRouter to : routers) {
            if (to == from) {
                continue;
            }
            double loss = linkLoss.get(from.id)[to.id];
            if (loss > 0 && random.nextDouble() < loss) {
                continue;
            }
            scheduler.schedule(linkDelay.get(from.id)[to.id], () -> to.receive(src, priority, interval));
        }
    }

    void masterChanged(SimRouter r, boolean nowMaster) {
        long now = scheduler.now();
        lastMasterChange = now;
        if (nowMaster) {
            masterSince.set(r.id, now);
            return;
        }
        long since = masterSince.get(r.id);
        masterSince.set(r.id, -1L);
        for (SimRouter other : routers) {
            long otherSince = masterSince.get(other.id);
            if (other != r && otherSince >= 0) {
                noteOverlap(now - Math.max(since, otherSince), r, other, now);
            }
        }
    }

    /** The longest time two routers were Master together, counting overlaps still open now. */
    long maxOverlapNanos() {
        long now = scheduler.now();
        long max = maxOverlapNanos;
        for (int i = 0; i < routers.size(); i++) {
            for (int j = i + 1; j < routers.size(); j++) {
                long a = masterSince.get(i);
                long b = masterSince.get(j);
                if (a >= 0 && b >= 0) {
                    max = Math.max(max, now - Math.max(a, b));
                }
            }
        }
        return max;
    }

    String maxOverlapWhere() {
        return maxOverlapWhere;
    }

    void log(SimRouter r, String what) {
        log.add(String.format("%10.4f s  %s %s", scheduler.now() / 1e9, "R" + r.id, what));
    }

    void note(String what) {
        log.add(String.format("%10.4f s  %s", scheduler.now() / 1e9, what));
    }

    /** The last {@code n} lines of the run's log, for failure messages. */
    String tail(int n) {
        return String.join("\n", log.subList(Math.max(0, log.size() - n), log.size()));
    }

    private void noteOverlap(long overlap, SimRouter a, SimRouter b, long now) {
        if (overlap > maxOverlapNanos) {
            maxOverlapNanos = overlap;
            maxOverlapWhere = a + " and " + b + " until " + now / 1e9 + " s";
        }
    }

    private long drawDelay() {
        return minDelayNanos + (long) (random.nextDouble() * (maxDelayNanos - minDelayNanos));
    }

    private static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
