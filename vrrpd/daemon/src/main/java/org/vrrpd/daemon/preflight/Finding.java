package org.vrrpd.daemon.preflight;

import java.util.Objects;

/**
 * One way a peer's adverts differ from what this instance speaks, with the fix.
 *
 * @param kind        what differs
 * @param splitsBrain whether the difference makes one side drop the other's adverts, so both become Master
 * @param detail      what the peer does, e.g. {@code sends VRRPv2 with auth PASS}
 * @param fix         what to change, e.g. {@code set authentication: {type: pass, ...} on instance 'mail'}
 */
public record Finding(Kind kind, boolean splitsBrain, String detail, String fix) {

    /** What differs; {@link #counterName()} is stable for JSON. */
    public enum Kind {
        VERSION("version"),
        AUTHENTICATION("authentication"),
        VIPS("vips"),
        INTERVAL("interval"),
        CHECKSUM("checksum"),
        DROPPED("dropped");

        private final String counterName;

        Kind(String counterName) {
            this.counterName = counterName;
        }

        public String counterName() {
            return counterName;
        }
    }

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(fix, "fix");
    }

    /** The log line: {@code peer 192.0.2.11 sends VRRPv2 with auth PASS; set authentication: ... on instance 'mail'}. */
    public String message(String peer) {
        return "peer " + peer + " " + detail + "; " + fix;
    }
}
