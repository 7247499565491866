package org.vrrpd.net.netlink;

import java.util.Arrays;
import java.util.HexFormat;

/** The payload of a message type this codec does not interpret, kept verbatim. */
public record NlRaw(byte[] payload) implements NlBody {

    public NlRaw {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NlRaw r && Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "NlRaw[" + HexFormat.of().formatHex(payload) + "]";
    }
}
