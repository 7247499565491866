package org.vrrpd.wire;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * keepalived's VRRPv2 {@code auth_type AH}: the advert travels as IP protocol 51 with an IPsec AH header
 * (RFC 2402) between the IPv4 header and the VRRP message, built by the sender itself (IP_HDRINCL), never by
 * the kernel's IPsec. As keepalived 2.2.7 does it ({@code vrrp.c} {@code vrrp_build_ipsecah},
 * {@code vrrp_update_pkt}, {@code vrrp_in_chk_ipsecah}):
 *
 * <pre>
 * IPv4 header (TOS 0xc0, ID, no DF, TTL 255, protocol 51)
 * AH: next header 112 | payload length 4 | reserved 0 | SPI = source address | sequence | ICV (12 bytes)
 * VRRPv2 message, Auth Type 2, Authentication Data zero
 * </pre>
 *
 * The ICV is HMAC-MD5 truncated to 96 bits, keyed with {@code auth_pass} cut or zero-padded to 8 bytes, over
 * the IPv4 header (options included) with TOS, flags/fragment offset and header checksum zeroed (and the TTL
 * too in unicast mode), then the AH header with a zero ICV, then the VRRP message. Stateless and pure; the
 * anti-replay state is {@link AhSequenceCounter}. {@link #open} never throws on bad bytes.
 */
public final class IpsecAh {

    /** IP protocol number of the Authentication Header. */
    public static final int PROTOCOL_AH = 51;
    /** The AH header keepalived sends: 12 fixed bytes and a 96-bit ICV. */
    public static final int HEADER_LENGTH = 24;
    /** HMAC-MD5-96. */
    public static final int ICV_LENGTH = 12;
    /** AH Payload Len: the header length in 32-bit words minus 2. */
    public static final int PAYLOAD_LENGTH_FIELD = HEADER_LENGTH / 4 - 2;
    /** keepalived keys the HMAC with its 8-byte auth_data. */
    public static final int KEY_LENGTH = 8;
    /** The largest 32-bit sequence number. */
    public static final long MAX_SEQUENCE = 0xFFFF_FFFFL;

    private static final int IP_HEADER_LENGTH = Ipv4Header.MIN_HEADER_LENGTH;
    private static final int ICV_OFFSET = 12;
    private static final int MD5_BLOCK = 64;

    private IpsecAh() {
    }

    /** The HMAC key keepalived derives from {@code auth_pass}: its UTF-8 bytes, cut or zero-padded to 8. */
    public static byte[] key(String authPass) {
        return Arrays.copyOf(authPass.getBytes(StandardCharsets.UTF_8), KEY_LENGTH);
    }

    /**
     * The whole IPv4 datagram for {@code vrrpMessage} (an encoded VRRPv2 advert with Auth Type 2), from the
     * envelope's source to its destination with its TTL, the given IP identification and AH sequence number,
     * the header checksum filled in (the kernel recomputes it anyway). {@code unicast} zeroes the TTL in the
     * ICV input, as keepalived does for unicast peers.
     */
    public static byte[] seal(IpEnvelope envelope, int ipId, long sequence, byte[] vrrpMessage, byte[] key,
            boolean unicast) {
        Objects.requireNonNull(envelope, "envelope");
        if (!(envelope.source() instanceof Inet4Address) || !(envelope.destination() instanceof Inet4Address)) {
            throw new IllegalArgumentException("IPsec-AH adverts are IPv4 only");
        }
        if (ipId < 0 || ipId > 0xFFFF) {
            throw new IllegalArgumentException("IP identification out of range: " + ipId);
        }
        if (sequence < 0 || sequence > MAX_SEQUENCE) {
            throw new IllegalArgumentException("AH sequence number out of range: " + sequence);
        }
        checkKey(key);
        int total = IP_HEADER_LENGTH + HEADER_LENGTH + vrrpMessage.length;
        byte[] out = new byte[total];
        out[0] = 0x45;
        out[1] = (byte) 0xc0;
        putShort(out, 2, total);
        putShort(out, 4, ipId);
        out[8] = (byte) envelope.ttl();
        out[9] = (byte) PROTOCOL_AH;
        byte[] src = envelope.source().getAddress();
        System.arraycopy(src, 0, out, 12, 4);
        System.arraycopy(envelope.destination().getAddress(), 0, out, 16, 4);
        int ah = IP_HEADER_LENGTH;
        out[ah] = (byte) InternetChecksum.PROTOCOL_VRRP;
        out[ah + 1] = (byte) PAYLOAD_LENGTH_FIELD;
        System.arraycopy(src, 0, out, ah + 4, 4);
        putInt(out, ah + 8, sequence);
        System.arraycopy(vrrpMessage, 0, out, ah + HEADER_LENGTH, vrrpMessage.length);
        byte[] icv = icv(out, 0, total, IP_HEADER_LENGTH, key, unicast);
        System.arraycopy(icv, 0, out, ah + ICV_OFFSET, ICV_LENGTH);
        putShort(out, 10, ~InternetChecksum.fold(InternetChecksum.sum(0, out, 0, IP_HEADER_LENGTH)) & 0xFFFF);
        return out;
    }

    /** Checks and opens a whole received datagram; see {@link #open(byte[], int, int, int, byte[], boolean)}. */
    public static AhParseResult open(byte[] datagram, int ifIndex, byte[] key, boolean unicast) {
        if (datagram == null) {
            return new Rejection(RejectReason.IP_HEADER_TOO_SHORT, "no datagram");
        }
        return open(datagram, 0, datagram.length, ifIndex, key, unicast);
    }

    /**
     * Checks {@code length} bytes of {@code buf} from {@code offset} as an IPv4 datagram carrying AH and a VRRP
     * message: the IPv4 header (as {@link Ipv4Header} does, but for protocol 51), the AH header (payload length
     * 4, next header 112), the ICV for {@code key}, then that the SPI is the source address. The sequence
     * number is returned, not judged: replay is the caller's {@link AhSequenceCounter}.
     */
    public static AhParseResult open(byte[] buf, int offset, int length, int ifIndex, byte[] key, boolean unicast) {
        checkKey(key);
        if (buf == null || offset < 0 || length < 0 || offset > buf.length || length > buf.length - offset) {
            return new Rejection(RejectReason.IP_HEADER_TOO_SHORT, "buffer bounds invalid");
        }
        if (length < IP_HEADER_LENGTH) {
            return new Rejection(RejectReason.IP_HEADER_TOO_SHORT, length + " bytes, an IPv4 header is at least 20");
        }
        int version = (buf[offset] >>> 4) & 0x0F;
        if (version != 4) {
            return new Rejection(RejectReason.IP_BAD_VERSION, "IP version " + version + ", expected 4");
        }
        int headerLength = (buf[offset] & 0x0F) * 4;
        if (headerLength < IP_HEADER_LENGTH || headerLength > length) {
            return new Rejection(RejectReason.IP_BAD_HEADER_LENGTH, "IHL gives " + headerLength
                    + " header bytes, received " + length);
        }
        int totalLength = getShort(buf, offset + 2);
        if (totalLength < headerLength || totalLength > length) {
            return new Rejection(RejectReason.IP_LENGTH_MISMATCH, "total length " + totalLength + " with header "
                    + headerLength + ", received " + length + " bytes");
        }
        int flagsFragment = getShort(buf, offset + 6);
        if ((flagsFragment & 0x2000) != 0 || (flagsFragment & 0x1FFF) != 0) {
            return new Rejection(RejectReason.IP_FRAGMENT, "fragment (offset " + (flagsFragment & 0x1FFF) * 8 + ")");
        }
        int protocol = buf[offset + 9] & 0xFF;
        if (protocol != PROTOCOL_AH) {
            return new Rejection(RejectReason.IP_BAD_PROTOCOL, "protocol " + protocol + ", expected 51 (AH)");
        }
        int ah = offset + headerLength;
        if (totalLength - headerLength < HEADER_LENGTH) {
            return new Rejection(RejectReason.AH_MALFORMED, (totalLength - headerLength)
                    + " bytes after the IP header, the AH header alone is " + HEADER_LENGTH);
        }
        int nextHeader = buf[ah] & 0xFF;
        if (nextHeader != InternetChecksum.PROTOCOL_VRRP) {
            return new Rejection(RejectReason.AH_MALFORMED, "AH protects protocol " + nextHeader + ", not VRRP (112)");
        }
        if ((buf[ah + 1] & 0xFF) != PAYLOAD_LENGTH_FIELD) {
            return new Rejection(RejectReason.AH_MALFORMED, "AH payload length " + (buf[ah + 1] & 0xFF)
                    + ", keepalived's HMAC-MD5-96 header has " + PAYLOAD_LENGTH_FIELD);
        }
        byte[] expected = icv(buf, offset, totalLength, headerLength, key, unicast);
        byte[] received = Arrays.copyOfRange(buf, ah + ICV_OFFSET, ah + ICV_OFFSET + ICV_LENGTH);
        InetAddress source = address(buf, offset + 12);
        if (!MessageDigest.isEqual(expected, received)) {
            return new Rejection(RejectReason.AUTH_AH_ICV_MISMATCH, "HMAC-MD5-96 from " + Addresses.text(source)
                    + " does not match: another auth_pass, or the packet was altered");
        }
        if (!Arrays.equals(buf, ah + 4, ah + 8, buf, offset + 12, offset + 16)) {
            return new Rejection(RejectReason.AUTH_AH_SPI_MISMATCH, "SPI " + Addresses.text(address(buf, ah + 4))
                    + " is not the source address " + Addresses.text(source));
        }
        long sequence = getInt(buf, ah + 8);
        byte[] payload = Arrays.copyOfRange(buf, ah + HEADER_LENGTH, offset + totalLength);
        IpEnvelope envelope = new IpEnvelope(source, address(buf, offset + 16), buf[offset + 8] & 0xFF, ifIndex);
        return new AhDatagram(envelope, sequence, payload);
    }

    /**
     * The VRID byte of the VRRP message inside an AH datagram, unauthenticated: only to tell another router's
     * adverts (keyed differently) from a bad key for ours. Empty when the bytes are too short to hold one.
     */
    public static Optional<Integer> vrid(byte[] datagram) {
        if (datagram == null || datagram.length < IP_HEADER_LENGTH) {
            return Optional.empty();
        }
        int at = (datagram[0] & 0x0F) * 4 + HEADER_LENGTH + 1;
        return at < datagram.length ? Optional.of(datagram[at] & 0xFF) : Optional.empty();
    }

    /** HMAC-MD5-96 over the datagram at {@code off} with the mutable fields and the ICV taken as zero. */
    private static byte[] icv(byte[] buf, int off, int totalLength, int headerLength, byte[] key, boolean unicast) {
        byte[] input = Arrays.copyOfRange(buf, off, off + totalLength);
        input[1] = 0;
        input[6] = 0;
        input[7] = 0;
        input[10] = 0;
        input[11] = 0;
        if (unicast) {
            input[8] = 0;
        }
        Arrays.fill(input, headerLength + ICV_OFFSET, headerLength + ICV_OFFSET + ICV_LENGTH, (byte) 0);
        return Arrays.copyOf(hmacMd5(key, input), ICV_LENGTH);
    }

    /**
     * HMAC-MD5 (RFC 2104) with a key of at most 64 bytes, as keepalived's {@code hmac_md5} computes it:
     * MD5(K ⊕ opad, MD5(K ⊕ ipad, text)), K zero-padded to the 64-byte block. Built on {@link MessageDigest}
     * so the codec needs nothing beyond {@code java.*}.
     */
    static byte[] hmacMd5(byte[] key, byte[] text) {
        byte[] ipad = new byte[MD5_BLOCK];
        byte[] opad = new byte[MD5_BLOCK];
        for (int i = 0; i < MD5_BLOCK; i++) {
            byte k = i < key.length ? key[i] : 0;
            ipad[i] = (byte) (k ^ 0x36);
            opad[i] = (byte) (k ^ 0x5c);
        }
        MessageDigest md5 = md5();
        md5.update(ipad);
        byte[] inner = md5.digest(text);
        md5.update(opad);
        return md5.digest(inner);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }

    private static void checkKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("AH key must be " + KEY_LENGTH + " bytes, got " + key.length);
        }
    }

    private static void putShort(byte[] out, int off, int v) {
        out[off] = (byte) (v >>> 8);
        out[off + 1] = (byte) v;
    }

    private static void putInt(byte[] out, int off, long v) {
        putShort(out, off, (int) (v >>> 16) & 0xFFFF);
        putShort(out, off + 2, (int) v & 0xFFFF);
    }

    private static int getShort(byte[] buf, int off) {
        return ((buf[off] & 0xFF) << 8) | (buf[off + 1] & 0xFF);
    }

    private static long getInt(byte[] buf, int off) {
        return ((long) getShort(buf, off) << 16) | getShort(buf, off + 2);
    }

    private static InetAddress address(byte[] buf, int off) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(buf, off, off + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4-byte address is always valid", e);
        }
    }
}
