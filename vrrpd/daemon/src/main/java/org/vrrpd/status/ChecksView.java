package org.vrrpd.status;

import java.util.List;

/** Where the control socket gets the checks' reports (the health supervisor). */
@FunctionalInterface
public interface ChecksView {

    ChecksView NONE = instance -> List.of();

    /** The checks of one instance, or of all (in configuration order) when {@code instanceOrNull} is null. */
    List<CheckReport> checks(String instanceOrNull);
}
