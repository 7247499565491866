package org.vrrpd.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * A received IPv4 datagram split into its envelope and its payload (the VRRP message). Immutable: the
 * payload is copied in and out.
 */
public record Ipv4Datagram(IpEnvelope envelope, byte[] payload) implements Ipv4ParseResult {

    public Ipv4Datagram {
        Objects.requireNonNull(envelope, "envelope");
        payload = payload.clone();
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ipv4Datagram other && other.envelope.equals(envelope)
                && Arrays.equals(other.payload, payload);
    }

    @Override
    public int hashCode() {
        return envelope.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Ipv4Datagram[" + envelope + ", " + payload.length + " payload bytes]";
    }
}
