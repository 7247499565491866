package org.vrrpd.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The election over random histories of crashes, restarts, graceful stops, priority changes, link flaps and
 * tracked faults, on the simulated LAN (see {@link ScenarioRunner} for the timing model and the bound).
 *
 * <ul>
 *   <li><b>Convergence</b>: loss up to 30 % until the last event at T, then none. By
 *       T + {@link ScenarioRunner#convergenceBound} there is exactly one Master, it holds the VIPs and nobody
 *       else does, and with preempt it is one of the highest-priority eligible (running, unfaulted) routers;
 *       this stays so for five more intervals. Among equal top priorities any one may win: an RFC Backup accepts
 *       an equal-priority Master whatever its address, so the address tie-break only decides between two
 *       Masters (see {@code SimLanTest.equalPriorities_startingTogether_shouldElectTheHigherPrimaryAddress}).</li>
 *   <li><b>No lasting dual Master</b>: without loss, at no time are two routers Master together for longer than
 *       2 × maxDelay. Handovers do overlap: a new Master is Master before its first advert reaches the old one
 *       (one delay), and a losing new Master learns it only from the winner's RFC 9568 §6.4.3 answer (a second
 *       delay).</li>
 * </ul>
 */
class ElectionProperties {

    @Property(tries = 1000)
    void withLossUntilTheLastEvent_exactlyTheHighestEligibleRouterIsMasterWithinTheBound(
            @ForAll("scenarios") Scenario scenario, @ForAll @IntRange(min = 0, max = 30) int lossPercent) {
        ScenarioRunner run = new ScenarioRunner(scenario);
        long t = run.play(lossPercent / 100.0);
        long converged = t + run.convergenceBound();
        run.lan.runUntil(converged);
        assertNull(run.convergenceProblem(), () -> "loss " + lossPercent + "%\n" + run.describe());
        run.lan.runUntil(converged + 5 * run.intervalNanos());
        assertNull(run.convergenceProblem(), () -> "later: loss " + lossPercent + "%\n" + run.describe());
        assertTrue(run.lan.lastMasterChange() <= converged, () -> "Master changed after convergence\n"
                + run.describe());
    }

    @Property(tries = 1000)
    void withoutLoss_noTwoMastersOverlapLongerThanTwoLinkDelays(@ForAll("scenarios") Scenario scenario) {
        ScenarioRunner run = new ScenarioRunner(scenario);
        long t = run.play(0.0);
        run.lan.runUntil(t + run.convergenceBound() + 5 * run.intervalNanos());
        long limit = 2 * run.lan.maxDelayNanos();
        assertTrue(run.lan.maxOverlapNanos() <= limit, () -> "overlap " + run.lan.maxOverlapNanos() / 1e9
                + " s > " + limit / 1e9 + " s: " + run.lan.maxOverlapWhere() + "\n" + run.describe());
        assertNull(run.convergenceProblem(), run::describe);
    }

    @Property(tries = 50)
    void sameScenario_shouldReplayIdentically(@ForAll("scenarios") Scenario scenario) {
        ScenarioRunner a = new ScenarioRunner(scenario);
        ScenarioRunner b = new ScenarioRunner(scenario);
        a.lan.runUntil(a.play(0.2) + a.convergenceBound());
        b.lan.runUntil(b.play(0.2) + b.convergenceBound());
        assertEquals(a.lan.tail(Integer.MAX_VALUE), b.lan.tail(Integer.MAX_VALUE));
    }

    /** Any priority, but often one of a few common values, so that equal priorities meet. */
    private static Arbitrary<Integer> priority() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 254), Arbitraries.of(1, 100, 200, 254));
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Scenario.Step> step = Combinators.combine(
                Arbitraries.of(Scenario.Kind.class),
                Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 600),
                priority()).as(Scenario.Step::new);
        Arbitrary<int[]> versionAndInterval = Combinators.combine(Arbitraries.of(2, 3),
                Arbitraries.integers().between(20, 200)).as((v, i) -> new int[] {v, v == 2 ? 100 : i});
        Arbitrary<Integer> preemptDelayPercent = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 400)));
        return Combinators.combine(
                Arbitraries.longs(),
                versionAndInterval,
                Arbitraries.of(true, false),
                Arbitraries.frequency(
                        net.jqwik.api.Tuple.of(4, true), net.jqwik.api.Tuple.of(1, false)),
                preemptDelayPercent,
                Arbitraries.frequency(
                        net.jqwik.api.Tuple.of(1, true), net.jqwik.api.Tuple.of(3, false)),
                priority().list().ofMinSize(2).ofMaxSize(5),
                step.list().ofMaxSize(12))
                .as((seed, vi, fast, preempt, delay, owner, prios, steps) ->
                        new Scenario(seed, vi[0], vi[1], fast, preempt, delay, owner, prios, steps));
    }
}
