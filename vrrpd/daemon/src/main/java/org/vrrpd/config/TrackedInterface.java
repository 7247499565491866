package org.vrrpd.config;

import java.util.Objects;

/**
 * An interface whose link state moves the instance ({@code track_interfaces:}). As in keepalived's
 * {@code track_interface}, weight 0 puts the instance into Fault while the link is down; a non-zero weight
 * is added to the priority while the link is up (positive) or subtracted while it is down (negative).
 */
public record TrackedInterface(String name, int weight) {

    public TrackedInterface {
        Objects.requireNonNull(name, "name");
    }
}
