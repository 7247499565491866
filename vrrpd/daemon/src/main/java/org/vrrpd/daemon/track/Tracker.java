package org.vrrpd.daemon.track;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One instance's tracking (keepalived's {@code vrrp_track.c}): every tracked thing — checks, tracked interfaces,
 * the instance's own link, maintenance, sync-group members — reaches the priority through this one place and
 * one weight rule, and comes out as one {@link PriorityBreakdown}: the effective priority and the fault set.
 *
 * <p>The weight rule: a positive weight is added while its source is up; a negative weight is added (so it
 * subtracts) while down; weight 0 adds nothing but puts the instance into Fault while down. The sum is clamped
 * to 1–254. A tracked file is the exception: its points are its value times its weight, of either sign
 * ({@link TrackFileValue}). An address owner's 255 never moves (every contribution counts 0), but a weight-0 source that is down
 * still faults it.
 *
 * <p>Pure: no threads, no clock, no I/O. Not thread-safe: its owner confines or guards it
 * ({@link InstanceTracking}).
 */
public final class Tracker {

    private int base;
    private final Map<Tracked.Kind, Map<String, Tracked>> inputs = new EnumMap<>(Tracked.Kind.class);

    /** @param base the configured priority, 1–255 (255: the address owner) */
    public Tracker(int base) {
        if (base < 1 || base > 255) {
            throw new IllegalArgumentException("base priority must be 1-255, got " + base);
        }
        this.base = base;
    }

    /** A reload changed the configured priority (in place; never to or from the owner's 255). */
    public void rebase(int newBase) {
        if (newBase < 1 || newBase > 255 || (newBase == 255) != (base == 255)) {
            throw new IllegalArgumentException("cannot rebase priority " + base + " to " + newBase
                    + ": 1-255, and becoming or leaving the owner needs a new router");
        }
        base = newBase;
    }

    /** Records one tracked thing's state, replacing what was reported for the same kind and name before. */
    public void report(Tracked t) {
        inputs.computeIfAbsent(t.kind(), k -> new LinkedHashMap<>()).put(t.name(), t);
    }

    /**
     * Replaces everything of {@code kind} by {@code all} (a reload's new set of checks or tracked interfaces):
     * sources no longer listed stop counting, and so stop faulting.
     */
    public void replace(Tracked.Kind kind, List<Tracked> all) {
        Map<String, Tracked> m = new LinkedHashMap<>();
        for (Tracked t : all) {
            if (t.kind() != kind) {
                throw new IllegalArgumentException("expected " + kind + ", got " + t);
            }
            m.put(t.name(), t);
        }
        inputs.put(kind, m);
    }

    /** The effective priority and fault set of everything reported so far. */
    public PriorityBreakdown breakdown() {
        List<Tracked> all = new ArrayList<>();
        for (Tracked.Kind kind : Tracked.Kind.values()) {
            all.addAll(inputs.getOrDefault(kind, Map.of()).values());
        }
        return fold(base, all);
    }

    /** The weight rule over {@code all}, in their order. */
    public static PriorityBreakdown fold(int base, List<Tracked> all) {
        boolean owner = base == 255;
        List<PriorityBreakdown.Contribution> contributions = new ArrayList<>(all.size());
        List<String> faults = new ArrayList<>();
        int sum = base;
        for (Tracked t : all) {
            int points = owner ? 0 : points(t);
            if (t.weight() == 0 && !t.up()) {
                faults.add(t.faultReason());
            }
            sum += points;
            contributions.add(new PriorityBreakdown.Contribution(t.source(), t.weight(), t.up(), points, t.message()));
        }
        int effective = owner ? 255 : Math.max(1, Math.min(254, sum));
        return new PriorityBreakdown(base, contributions, faults, effective);
    }

    /** keepalived's weight rule for one source, before the owner's exception and the clamp. */
    static int points(Tracked t) {
        if (t.kind() == Tracked.Kind.FILE) {
            return t.up() ? t.weight() : 0; // the file's value times its weight, whatever its sign
        }
        if (t.weight() > 0 && t.up()) {
            return t.weight();
        }
        if (t.weight() < 0 && !t.up()) {
            return t.weight();
        }
        return 0;
    }
}
