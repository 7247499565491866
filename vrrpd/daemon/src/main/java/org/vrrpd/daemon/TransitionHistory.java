package org.vrrpd.daemon;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.vrrpd.fsm.VrrpState;

/** The last transitions of all instances, oldest first, bounded. Touched on the protocol thread only. */
final class TransitionHistory {

    /** One state change. */
    record Entry(Instant at, String instance, VrrpState from, VrrpState to, int priority, String reason) {
    }

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();

    TransitionHistory(int capacity) {
        this.capacity = capacity;
    }

    void add(Entry e) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(e);
    }

    /** The newest {@code last} entries (of one instance when {@code instance} is not null), oldest first. */
    List<Entry> recent(String instance, int last) {
        List<Entry> all = new ArrayList<>();
        for (Entry e : entries) {
            if (instance == null || e.instance().equals(instance)) {
                all.add(e);
            }
        }
        return List.copyOf(all.subList(Math.max(0, all.size() - last), all.size()));
    }
}
