package org.vrrpd.config;

import java.util.List;

/** An instance's {@code virtual_routes:} and {@code virtual_rules:}. */
public record VirtualRouting(List<VirtualRoute> routes, List<VirtualRule> rules) {

    public static final VirtualRouting NONE = new VirtualRouting(List.of(), List.of());

    public VirtualRouting {
        routes = List.copyOf(routes);
        rules = List.copyOf(rules);
    }

    public boolean isEmpty() {
        return routes.isEmpty() && rules.isEmpty();
    }
}
