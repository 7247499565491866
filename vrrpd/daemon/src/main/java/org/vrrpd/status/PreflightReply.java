package org.vrrpd.status;

import java.util.List;

/**
 * The {@code preflight} reply ({@code vrrpctl preflight --json}): what each instance's segment speaks.
 *
 * @param instances one entry per instance asked about
 */
public record PreflightReply(List<InstancePreflight> instances) {

    public PreflightReply {
        instances = Copies.copy(instances);
    }

    /** Whether any instance hears a peer that would split the brain. */
    public boolean incompatible() {
        return instances.stream().anyMatch(i -> i.peers().stream().anyMatch(p -> !p.compatible() && !p.left()));
    }
}
