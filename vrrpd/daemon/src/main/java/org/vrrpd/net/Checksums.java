package org.vrrpd.net;

/** The Internet checksum (RFC 1071) and the ICMPv6 form with the RFC 8200 §8.1 pseudo-header. */
final class Checksums {

    private Checksums() {
    }

    static int icmpv6(byte[] source, byte[] destination, byte[] message) {
        long sum = add(0, source, 0, 16);
        sum = add(sum, destination, 0, 16);
        sum += message.length;         // upper-layer length (32 bits)
        sum += LinkFrames.ICMPV6;      // 3 zero bytes + next header
        sum = add(sum, message, 0, message.length);
        return fold(sum);
    }

    static int internet(byte[] data, int offset, int length) {
        return fold(add(0, data, offset, length));
    }

    private static long add(long sum, byte[] data, int offset, int length) {
        int i = offset;
        int end = offset + length;
        for (; i + 1 < end; i += 2) {
            sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (data[i] & 0xff) << 8;
        }
        return sum;
    }

    private static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
