package org.vrrpd.config;

import java.util.List;
import java.util.Objects;

/**
 * keepalived tracking settings beyond checks and tracked interfaces.
 *
 * @param files        tracked files ({@code track_files:}, keepalived's {@code track_file})
 * @param trackPrimary whether the instance's own interface's link state faults it ({@code track_primary:},
 *                     default true; false is keepalived's {@code dont_track_primary})
 */
public record TrackOptions(List<TrackedFile> files, boolean trackPrimary) {

    /** No tracked files; the own interface tracked. */
    public static final TrackOptions DEFAULT = new TrackOptions(List.of(), true);

    public TrackOptions {
        files = List.copyOf(Objects.requireNonNull(files, "files"));
    }
}
