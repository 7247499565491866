package org.vrrpd.daemon.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.vrrpd.daemon.track.Tracked;
import org.vrrpd.fsm.VrrpState;

/** Whatever happens to the members, they are never left split between Master and Backup/Fault. */
class SyncGroupProperties {

    /** One member event: which member (0-2) and what happens to it (0-6). */
    record Step(int member, int what) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 6)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 500)
    void membersAreNeverSplitBetweenMasterAndTheRest_afterAnyEvent(@ForAll("steps") List<Step> steps) {
        SyncHarness h = new SyncHarness("g", "a", "b", "c");
        h.startAll();
        for (Step s : steps) {
            SyncHarness.Member m = h.members.values().stream().toList().get(s.member());
            h.now += 10_000_000L;
            switch (s.what()) {
                case 0 -> m.downTimerFires();
                case 1 -> m.ownCheck(false);
                case 2 -> m.ownCheck(true);
                case 3 -> m.advert(SyncHarness.HIGHER, 200);
                case 4 -> m.advert(SyncHarness.HIGHER, 0);
                case 5 -> m.advert(SyncHarness.addr("192.0.2.1"), 50);
                default -> m.report(Tracked.link("eth0", s.member() % 2 == 0));
            }
            assertFalse(h.split(), () -> "split after " + s + ": " + h.states());
        }
    }

    @Property(tries = 300)
    void groupState_isFaultExactlyWhenAMemberIs(@ForAll("steps") List<Step> steps) {
        SyncHarness h = new SyncHarness("g", "a", "b", "c");
        h.startAll();
        for (Step s : steps) {
            SyncHarness.Member m = h.members.values().stream().toList().get(s.member());
            if (s.what() % 2 == 0) {
                m.ownCheck(s.what() == 0);
            } else {
                m.downTimerFires();
            }
            boolean anyFault = h.states().contains(VrrpState.FAULT);
            assertFalse(anyFault != (h.groups.groupOf("a").state() == VrrpState.FAULT),
                    () -> "group " + h.groups.groupOf("a").state() + " members " + h.states());
        }
    }
}
