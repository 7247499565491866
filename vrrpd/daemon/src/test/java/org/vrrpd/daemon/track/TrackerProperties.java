package org.vrrpd.daemon.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The tracker's invariants over random sets of tracked things of every kind. */
class TrackerProperties {

    @Provide
    Arbitrary<Tracked> tracked() {
        Arbitrary<String> name = Arbitraries.of("smtp", "imap", "eth1", "eth2", "VI_2");
        Arbitrary<Integer> weight = Arbitraries.oneOf(Arbitraries.integers().between(-253, 253),
                Arbitraries.just(0));
        Arbitrary<Boolean> up = Arbitraries.of(true, false);
        return Arbitraries.of(Tracked.Kind.values()).flatMap(kind -> switch (kind) {
            case LINK -> Combinators.combine(name, up).as(Tracked::link);
            case MAINTENANCE -> up.map(Tracked::maintenance);
            case CHECK -> Combinators.combine(name, weight, up).as((n, w, u) -> Tracked.check(n, w, u, "msg"));
            case INTERFACE -> Combinators.combine(name, weight, up).as(Tracked::trackedInterface);
            case SYNC_MEMBER -> Combinators.combine(name, weight, up).as(Tracked::syncMember);
            case FILE -> Combinators.combine(name, weight, up).as((n, w, u) -> Tracked.file(n, w, !u, "value"));
            case SOURCE -> name.map(n -> Tracked.noSource(n, "usable IPv6 link-local address"));
        });
    }

    @Property
    void nonOwnerPriority_shouldAlwaysStayWithin1To254(@ForAll @IntRange(min = 1, max = 254) int base,
                                                       @ForAll("trackedLists") List<Tracked> all) {
        int effective = Tracker.fold(base, all).effective();
        assertTrue(effective >= 1 && effective <= 254, "effective " + effective);
    }

    @Property
    void ownerPriority_shouldAlwaysBe255(@ForAll("trackedLists") List<Tracked> all) {
        PriorityBreakdown b = Tracker.fold(255, all);
        assertEquals(255, b.effective());
        assertTrue(b.contributions().stream().allMatch(c -> c.points() == 0));
    }

    @Property
    void faultSet_shouldBeEmpty_iffNoWeightZeroSourceIsDown_theLinkIsUp_andMaintenanceIsOff(
            @ForAll @IntRange(min = 1, max = 255) int base, @ForAll("trackedLists") List<Tracked> all) {
        boolean weightZeroDown = all.stream().anyMatch(t -> t.kind() != Tracked.Kind.LINK
                && t.kind() != Tracked.Kind.MAINTENANCE && t.weight() == 0 && !t.up());
        boolean linkDown = all.stream().anyMatch(t -> t.kind() == Tracked.Kind.LINK && !t.up());
        boolean maintenance = all.stream().anyMatch(t -> t.kind() == Tracked.Kind.MAINTENANCE && !t.up());
        PriorityBreakdown b = Tracker.fold(base, all);
        assertEquals(!weightZeroDown && !linkDown && !maintenance, b.faultReasons().isEmpty(), b.toString());
        assertEquals(b.fault(), b.faultReason() != null);
    }

    @Property
    void effective_shouldBeTheClampedSumOfTheContributions(@ForAll @IntRange(min = 1, max = 254) int base,
                                                           @ForAll("trackedLists") List<Tracked> all) {
        PriorityBreakdown b = Tracker.fold(base, all);
        int sum = base + b.contributions().stream().mapToInt(PriorityBreakdown.Contribution::points).sum();
        assertEquals(Math.max(1, Math.min(254, sum)), b.effective());
        assertEquals(all.size(), b.contributions().size());
    }

    @Property
    void outcome_shouldNotDependOnTheOrderThingsWereReported(@ForAll @IntRange(min = 1, max = 255) int base,
                                                              @ForAll("trackedLists") List<Tracked> all,
                                                              @ForAll long seed) {
        Map<String, Tracked> distinct = new LinkedHashMap<>(); // one state per thing: a later report replaces
        all.forEach(t -> distinct.putIfAbsent(t.kind() + "/" + t.name(), t));
        List<Tracked> once = new ArrayList<>(distinct.values());
        List<Tracked> shuffled = new ArrayList<>(once);
        Collections.shuffle(shuffled, new Random(seed));
        Tracker a = new Tracker(base);
        once.forEach(a::report);
        Tracker b = new Tracker(base);
        shuffled.forEach(b::report);
        assertEquals(a.breakdown().effective(), b.breakdown().effective());
        assertEquals(a.breakdown().fault(), b.breakdown().fault());
    }

    @Provide
    Arbitrary<List<Tracked>> trackedLists() {
        return tracked().list().ofMaxSize(12);
    }
}
