package org.vrrpd.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * A received IPv4 datagram whose IPsec-AH integrity check value was correct for the configured key: its
 * envelope, the AH sequence number (for the anti-replay check, {@link AhSequenceCounter}) and the VRRP message
 * after the AH header. Immutable: the payload is copied in and out.
 */
public record AhDatagram(IpEnvelope envelope, long sequence, byte[] payload) implements AhParseResult {

    public AhDatagram {
        Objects.requireNonNull(envelope, "envelope");
        if (sequence < 0 || sequence > IpsecAh.MAX_SEQUENCE) {
            throw new IllegalArgumentException("AH sequence number out of range: " + sequence);
        }
        payload = payload.clone();
    }

    /** A copy of the VRRP message. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AhDatagram other && other.envelope.equals(envelope) && other.sequence == sequence
                && Arrays.equals(other.payload, payload);
    }

    @Override
    public int hashCode() {
        return (envelope.hashCode() * 31 + Long.hashCode(sequence)) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "AhDatagram[" + envelope + ", seq " + sequence + ", " + payload.length + " payload bytes]";
    }
}
