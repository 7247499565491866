package org.vrrpd.sim;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.vrrpd.fsm.Timers;
import org.vrrpd.fsm.VrrpConfig;

/**
 * Plays a {@link Scenario} on a {@link SimLan} and judges the outcome.
 *
 * <p>Link delays are fixed per directed link, drawn between {@code interval/100} and {@code maxDelay =
 * interval/10}. All routers start at time 0; the steps follow; loss (if any) applies from the start until the
 * last step, at time T, and is switched off then.
 *
 * <p><b>Convergence bound</b> {@link #convergenceBound}: {@code preempt_delay + Master_Down_Interval(priority 1) +
 * 3 × maxDelay} after T: a preempting Backup's delay window may last until T + maxDelay + preempt_delay (it
 * restarts when an in-flight higher advert arrives), then the longest down interval any router can have armed (a Backup's timer may have been computed
 * with a priority lower than its current one) plus three link delays: one for adverts already in flight at T
 * (they may reset a down timer up to T + maxDelay), one for the new Master's first advert to reach the others,
 * and one for the RFC 9568 §6.4.3 answer of a Master that discards it. This is below
 * {@code Master_Down_Interval + Advertisement_Interval} of a low-priority router.
 */
final class ScenarioRunner {

    final Scenario scenario;
    final SimLan lan;
    private final long intervalNanos;
    private long lastEventAt;

    ScenarioRunner(Scenario scenario) {
        this.scenario = scenario;
        this.intervalNanos = Timers.centiseconds(scenario.intervalCs()).toNanos();
        long maxDelay = intervalNanos / 10;
        this.lan = new SimLan(scenario.seed(), maxDelay / 10, maxDelay);
        VrrpConfig template = new VrrpConfig(1, scenario.version(), 100, scenario.intervalCs(),
                scenario.preempt(), Duration.ofNanos(preemptDelayNanos()), false, InetAddress.getLoopbackAddress(),
                scenario.fastTakeover());
        List<Integer> prios = scenario.priorities();
        for (int i = 0; i < prios.size(); i++) {
            lan.add(template, i == 0 && scenario.withOwner() ? 255 : prios.get(i));
        }
    }

    long intervalNanos() {
        return intervalNanos;
    }

    long preemptDelayNanos() {
        return intervalNanos * scenario.preemptDelayPercent() / 100;
    }

    long convergenceBound() {
        return preemptDelayNanos() + Timers.masterDownInterval(scenario.version(), 1, scenario.intervalCs()).toNanos()
                + 3 * lan.maxDelayNanos();
    }

    /** Start everyone, play the steps with {@code loss}, switch loss off; returns T, the last event's time. */
    long play(double loss) {
        lan.setLoss(loss);
        lan.routers().forEach(SimRouter::start);
        long t = 0;
        for (Scenario.Step step : scenario.steps()) {
            t += intervalNanos * step.gapPercent() / 100;
            lan.runUntil(t);
            apply(step);
        }
        lan.setLoss(0.0);
        lastEventAt = t;
        return t;
    }

    private void apply(Scenario.Step step) {
        SimRouter r = lan.router(step.router() % lan.routers().size());
        lan.note("event " + step.kind() + " on " + r);
        switch (step.kind()) {
            case CRASH -> r.crash();
            case RESTART -> r.start();
            case STOP -> r.stop();
            case PRIORITY -> r.setPriority(step.value());
            case LINK_DOWN -> r.setLinkUp(false);
            case LINK_UP -> r.setLinkUp(true);
            case TRACK_FAULT -> r.setTrackFault(true);
            case TRACK_CLEAR -> r.setTrackFault(false);
            default -> throw new AssertionError(step.kind());
        }
    }

    /** Eligible routers (running, not faulted) with the highest effective priority. */
    List<SimRouter> expectedMasters() {
        List<SimRouter> eligible = lan.routers().stream().filter(SimRouter::eligible).toList();
        int top = eligible.stream().mapToInt(r -> r.state.priority()).max().orElse(-1);
        return eligible.stream().filter(r -> r.state.priority() == top)
                .sorted(Comparator.comparingInt(r -> r.id)).toList();
    }

    /**
     * Null when the LAN is converged: exactly one Master, eligible, and (with preempt) one of the highest
     * priority; no Master at all when nobody is eligible. Otherwise a description of what is wrong.
     */
    String convergenceProblem() {
        List<SimRouter> masters = lan.masters();
        List<SimRouter> expected = expectedMasters();
        if (expected.isEmpty()) {
            return masters.isEmpty() ? null : "no router is eligible, yet Masters are " + masters;
        }
        if (masters.size() != 1) {
            return "expected exactly one Master among " + expected + ", got " + masters;
        }
        SimRouter m = masters.get(0);
        if (!m.eligible()) {
            return "Master " + m + " is not eligible";
        }
        if (!m.vipsHeld || lan.routers().stream().anyMatch(r -> r != m && r.alive && r.vipsHeld)) {
            return "VIPs held wrongly: " + lan.routers();
        }
        boolean mustBeHighest = scenario.preempt() || expected.get(0).fsm.config().isOwner();
        if (mustBeHighest && !expected.contains(m)) {
            return "Master " + m + " is not among the highest-priority eligible routers " + expected;
        }
        return null;
    }

    String describe() {
        return scenario + "\nT = " + lastEventAt / 1e9 + " s, bound = " + convergenceBound() / 1e9
                + " s, routers now " + lan.routers() + "\n--- log tail ---\n" + lan.tail(60);
    }
}
