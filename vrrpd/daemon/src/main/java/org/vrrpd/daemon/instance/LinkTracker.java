package org.vrrpd.daemon.instance;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.vrrpd.fsm.Event;

/**
 * Aggregates an instance's fault sources (its interface down, a weight-0 check down) into the state machine's
 * single FaultRaised / FaultCleared pair: raised when the first source appears (or its reason changes),
 * cleared when the last one goes.
 */
final class LinkTracker {

    private final Map<String, String> faults = new LinkedHashMap<>();

    void initial(boolean up) {
        if (!up) {
            faults.put("link", "interface down");
        }
    }

    boolean up() {
        return !faults.containsKey("link");
    }

    Optional<Event> update(boolean up, String ifname) {
        return set("link", up ? null : "interface " + ifname + " is down");
    }

    /** Sets or clears one fault source; returns the event to deliver, if any. */
    Optional<Event> set(String source, String reason) {
        String before = summary();
        if (reason == null) {
            faults.remove(source);
        } else {
            faults.put(source, reason);
        }
        String after = summary();
        if (after.equals(before)) {
            return Optional.empty();
        }
        return after.isEmpty() ? Optional.of(new Event.FaultCleared()) : Optional.of(new Event.FaultRaised(after));
    }

    String summary() {
        return String.join("; ", faults.values());
    }
}
