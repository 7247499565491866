package org.vrrpd.wire;

import java.net.InetAddress;

/**
 * The Internet checksum (RFC 1071) as VRRP uses it, with the optional IPv4 and IPv6 (RFC 8200 §8.1)
 * pseudo-headers for protocol 112. Stateless; never throws for in-range arguments.
 */
public final class InternetChecksum {

    /** IP protocol / IPv6 next header number of VRRP. */
    public static final int PROTOCOL_VRRP = 112;

    private InternetChecksum() {
    }

    /** The 32-bit running one's complement sum of {@code len} bytes, big-endian words, odd byte padded. */
    static long sum(long acc, byte[] data, int off, int len) {
        int i = 0;
        for (; i + 1 < len; i += 2) {
            acc += ((data[off + i] & 0xFF) << 8) | (data[off + i + 1] & 0xFF);
        }
        if (i < len) {
            acc += (data[off + i] & 0xFF) << 8;
        }
        return acc;
    }

    static int fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xFFFF) + (acc >>> 16);
        }
        return (int) acc;
    }

    /**
     * The one's complement sum of the pseudo-header for a message of {@code length} bytes, not folded.
     * IPv4: src, dst, zero, 112, 16-bit length. IPv6: src, dst, 32-bit length, three zeros, next header 112.
     */
    static long pseudoHeaderSum(InetAddress source, InetAddress destination, int length) {
        byte[] src = source.getAddress();
        byte[] dst = destination.getAddress();
        long acc = sum(0, src, 0, src.length);
        acc = sum(acc, dst, 0, dst.length);
        acc += PROTOCOL_VRRP;
        acc += (length >>> 16) & 0xFFFF;
        acc += length & 0xFFFF;
        return acc;
    }

    /**
     * The checksum to place in bytes 6–7 of {@code message} (whose checksum field must be zero), under
     * {@code mode}; {@code source}/{@code destination} are used only for {@link ChecksumMode#PSEUDO_HEADER}.
     */
    public static int compute(byte[] message, int off, int len, ChecksumMode mode, InetAddress source,
            InetAddress destination) {
        long acc = mode == ChecksumMode.PSEUDO_HEADER ? pseudoHeaderSum(source, destination, len) : 0;
        return ~fold(sum(acc, message, off, len)) & 0xFFFF;
    }

    /** Whether the checksum already inside {@code message} is correct under {@code mode}. */
    public static boolean verify(byte[] message, int off, int len, ChecksumMode mode, InetAddress source,
            InetAddress destination) {
        long acc = mode == ChecksumMode.PSEUDO_HEADER ? pseudoHeaderSum(source, destination, len) : 0;
        return fold(sum(acc, message, off, len)) == 0xFFFF;
    }
}
