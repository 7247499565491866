package org.vrrpd.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever state a router reached, a reload in place never changes it: no transition, no priority-0 advert, no
 * VIP added or removed, and the timers it arms are never shorter than a Master needs to tell its Backups.
 */
class ReconfigureProperties {

    @Property
    void reconfigured_neverChangesStateOrTouchesTheVips(@ForAll("histories") List<Integer> history,
                                                       @ForAll @IntRange(min = 1, max = 4095) int interval,
                                                       @ForAll boolean preempt,
                                                       @ForAll @IntRange(min = 0, max = 120) int preemptDelaySeconds,
                                                       @ForAll boolean fastTakeover) {
        Fsm f = new Fsm(Fsm.v3(150));
        for (int step : history) {
            apply(f, step);
        }
        VrrpState before = f.state.state();
        int priority = f.state.priority();
        List<Action> actions = f.reconfigure(Fsm.v3(150).withAdvertisementIntervalCs(interval).withPreempt(preempt)
                .withPreemptDelay(Duration.ofSeconds(preemptDelaySeconds)).withFastTakeover(fastTakeover));
        assertEquals(before, f.state.state());
        assertEquals(priority, f.state.priority());
        for (Action a : actions) {
            assertFalse(a instanceof Action.Notify || a instanceof Action.AddVips || a instanceof Action.RemoveVips
                    || a instanceof Action.SendGratuitous || a.equals(new Action.SendAdvert(0)), a::toString);
        }
    }

    @Provide
    Arbitrary<List<Integer>> histories() {
        return Arbitraries.integers().between(0, 6).list().ofMaxSize(12);
    }

    /** One random event of a small alphabet, with time passing. */
    private static void apply(Fsm f, int step) {
        f.advance(Duration.ofMillis(700));
        switch (step) {
            case 0 -> f.fire(new Event.Startup());
            case 1 -> f.fire(new Event.MasterDownTimerFired());
            case 2 -> f.advert(Fsm.HIGH, 200, 100);
            case 3 -> f.advert(Fsm.LOW, 100, 100);
            case 4 -> f.fire(new Event.FaultRaised("link down"));
            case 5 -> f.fire(new Event.FaultCleared());
            default -> f.fire(new Event.PriorityChanged(90));
        }
    }
}
