package org.vrrpd.net;

import java.util.Arrays;
import java.util.HexFormat;
import org.vrrpd.wire.AddressFamily;

/** A 48-bit Ethernet address, e.g. the virtual router MAC {@code 00:00:5e:00:01:VRID}. Immutable. */
public record MacAddress(byte[] bytes) {

    public static final MacAddress BROADCAST = new MacAddress(new byte[] {-1, -1, -1, -1, -1, -1});

    public MacAddress {
        if (bytes == null || bytes.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes");
        }
        bytes = bytes.clone();
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (or with dashes). */
    public static MacAddress parse(String text) {
        String[] parts = text.trim().split("[:-]");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (parts[i].length() != 2) {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            b[i] = (byte) HexFormat.fromHexDigits(parts[i]);
        }
        return new MacAddress(b);
    }

    /** The VRRP virtual router MAC: 00-00-5E-00-01-{VRID} (IPv4) or 00-00-5E-00-02-{VRID} (IPv6), RFC 9568 §7.3. */
    public static MacAddress virtualRouter(int vrid, AddressFamily family) {
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("VRID out of range: " + vrid);
        }
        return new MacAddress(new byte[] {0, 0, 0x5e, 0, (byte) (family == AddressFamily.IPV6 ? 2 : 1), (byte) vrid});
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}
