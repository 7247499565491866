package org.vrrpd.wire;

/**
 * Something worth logging and counting about an advertisement that is nevertheless accepted. Each has a
 * stable {@link #counterName()}; callers should rate-limit the logs (RFC 9568 §7.1).
 */
public enum ReceiveObservation {
    /** The advertised count or address list differs from the configured VIPs (a MAY check; keepalived's addr_list_err). */
    ADDRESS_LIST_MISMATCH("addr_list_err"),
    /** v3: the advertised interval differs from ours; the FSM learns it (RFC 9568 §6.4.2, §7.1 SHOULD log). */
    INTERVAL_MISMATCH("advert_interval_mismatch"),
    /** We are the address owner (priority 255) and received an advert for our VRID (§7.1, erratum 8298: log). */
    OWNER_RECEIVED_ADVERT("owner_received_advert");

    private final String counterName;

    ReceiveObservation(String counterName) {
        this.counterName = counterName;
    }

    /** Stable snake_case name for counters, logs and JSON. */
    public String counterName() {
        return counterName;
    }
}
