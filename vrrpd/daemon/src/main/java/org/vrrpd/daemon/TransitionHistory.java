package org.vrrpd.daemon;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.vrrpd.status.HistoryEntry;

/** The last transitions of all instances, oldest first, bounded. Touched on the protocol thread only. */
final class TransitionHistory {

    private final int capacity;
    private final Deque<HistoryEntry> entries = new ArrayDeque<>();

    TransitionHistory(int capacity) {
        this.capacity = capacity;
    }

    void add(HistoryEntry e) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(e);
    }

    /** The newest {@code last} entries (of one instance when {@code instance} is not null), oldest first. */
    List<HistoryEntry> recent(String instance, int last) {
        List<HistoryEntry> all = new ArrayList<>();
        for (HistoryEntry e : entries) {
            if (instance == null || e.instance().equals(instance)) {
                all.add(e);
            }
        }
        return List.copyOf(all.subList(Math.max(0, all.size() - last), all.size()));
    }
}
