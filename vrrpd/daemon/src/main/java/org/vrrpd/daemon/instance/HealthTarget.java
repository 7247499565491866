package org.vrrpd.daemon.instance;

import org.vrrpd.daemon.instance.InstanceDriver;

/**
 * What an instance's health drives, on the protocol thread: its effective priority, and named Fault sources
 * (a weight-0 check or tracked interface that is down). {@link InstanceDriver} in the daemon; a recorder in tests.
 */
public interface HealthTarget {

    /** The effective priority (1–254, or 255 for an owner) changed. */
    void priorityChanged(int effective);

    /** Raises ({@code reason} non-null) or clears ({@code null}) one Fault source. */
    void faultSource(String source, String reasonOrNull);

    /** The driver as a target. */
    static HealthTarget of(InstanceDriver driver) {
        return new HealthTarget() {
            @Override
            public void priorityChanged(int effective) {
                driver.priorityChanged(effective);
            }

            @Override
            public void faultSource(String source, String reasonOrNull) {
                driver.faultSource(source, reasonOrNull);
            }
        };
    }
}
