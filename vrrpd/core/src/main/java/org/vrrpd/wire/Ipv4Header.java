package org.vrrpd.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses the IPv4 header that a raw IPv4 socket delivers in front of the VRRP message (IPv6 raw sockets
 * deliver only the payload; the hop limit comes from ancillary data). Checks version 4, header length
 * (IHL ≥ 5, options skipped), total length against the bytes received, protocol 112 and that the packet is
 * not a fragment; it does not re-check the header checksum, which the kernel verified. Never throws on bad
 * bytes: it returns a {@link Rejection}. Linux delivers the header as received, in network byte order.
 */
public final class Ipv4Header {

    /** Smallest IPv4 header: 20 bytes, IHL 5. */
    public static final int MIN_HEADER_LENGTH = 20;

    private Ipv4Header() {
    }

    /** Parses a whole received datagram; {@code ifIndex} is the arrival interface (0 if unknown). */
    public static Ipv4ParseResult parse(byte[] datagram, int ifIndex) {
        if (datagram == null) {
            return new Rejection(RejectReason.IP_HEADER_TOO_SHORT, "no datagram");
        }
        return parse(datagram, 0, datagram.length, ifIndex);
    }

    /** Parses {@code length} bytes of {@code buf} from {@code offset}. */
    public static Ipv4ParseResult parse(byte[] buf, int offset, int length, int ifIndex) {
        if (buf == null || offset < 0 || length < 0 || offset > buf.length || length > buf.length - offset) {
            return new Rejection(RejectReason.IP_HEADER_TOO_SHORT, "buffer bounds invalid");
        }
        if (length < MIN_HEADER_LENGTH) {
            return new Rejection(RejectReason.IP_HEADER_TOO_SHORT, length + " bytes, an IPv4 header is at least 20");
        }
        int version = (buf[offset] >>> 4) & 0x0F;
        if (version != 4) {
            return new Rejection(RejectReason.IP_BAD_VERSION, "IP version " + version + ", expected 4");
        }
        int headerLength = (buf[offset] & 0x0F) * 4;
        if (headerLength < MIN_HEADER_LENGTH || headerLength > length) {
            return new Rejection(RejectReason.IP_BAD_HEADER_LENGTH, "IHL gives " + headerLength
                    + " header bytes, received " + length);
        }
        int totalLength = ((buf[offset + 2] & 0xFF) << 8) | (buf[offset + 3] & 0xFF);
        if (totalLength < headerLength || totalLength > length) {
            return new Rejection(RejectReason.IP_LENGTH_MISMATCH, "total length " + totalLength + " with header "
                    + headerLength + ", received " + length + " bytes");
        }
        int flagsFragment = ((buf[offset + 6] & 0xFF) << 8) | (buf[offset + 7] & 0xFF);
        boolean moreFragments = (flagsFragment & 0x2000) != 0;
        int fragmentOffset = flagsFragment & 0x1FFF;
        if (moreFragments || fragmentOffset != 0) {
            return new Rejection(RejectReason.IP_FRAGMENT, "fragment (offset " + fragmentOffset * 8 + ")");
        }
        int ttl = buf[offset + 8] & 0xFF;
        int protocol = buf[offset + 9] & 0xFF;
        if (protocol != InternetChecksum.PROTOCOL_VRRP) {
            return new Rejection(RejectReason.IP_BAD_PROTOCOL, "protocol " + protocol + ", expected 112");
        }
        InetAddress source = address(buf, offset + 12);
        InetAddress destination = address(buf, offset + 16);
        byte[] payload = new byte[totalLength - headerLength];
        System.arraycopy(buf, offset + headerLength, payload, 0, payload.length);
        return new Ipv4Datagram(new IpEnvelope(source, destination, ttl, ifIndex), payload);
    }

    private static InetAddress address(byte[] buf, int off) {
        byte[] raw = new byte[4];
        System.arraycopy(buf, off, raw, 0, 4);
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4-byte address is always valid", e);
        }
    }
}
