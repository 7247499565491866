package org.vrrpd.daemon;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.vrrpd.daemon.instance.InstanceDriver;

/**
 * The instances an operator put in maintenance ({@code vrrpctl maintenance}), by name: it survives reloads, and
 * an instance that starts (again) under a name in it starts in maintenance. Used on the protocol thread.
 */
final class Maintenance {

    private final Set<String> names = new TreeSet<>();

    /** Sets or clears maintenance for the named instance (all when null); returns the names it applied to. */
    List<String> set(boolean on, String instance, Collection<InstanceDriver> drivers) {
        List<String> applied = new ArrayList<>();
        for (InstanceDriver d : drivers) {
            String name = d.config().name();
            if (instance == null || name.equals(instance)) {
                applied.add(name);
                if (on) {
                    names.add(name);
                } else {
                    names.remove(name);
                }
                d.maintenance(on);
            }
        }
        return applied;
    }

    boolean contains(String name) {
        return names.contains(name);
    }

    /** A just-started instance: in maintenance if its name is. */
    void applyTo(InstanceDriver d) {
        if (names.contains(d.config().name())) {
            d.maintenance(true);
        }
    }
}
