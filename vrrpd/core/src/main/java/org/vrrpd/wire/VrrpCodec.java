package org.vrrpd.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Stateless VRRP encoder and structural decoder. {@link #decode} checks what the packet alone can tell
 * (length, version, type, count, checksum, interval, IPv6 first address); the per-instance checks (TTL,
 * VRID, expected version and family, authentication, peers) are in {@link ReceiveValidator}.
 * The decoder never throws on bad bytes: it returns a {@link Rejection}.
 *
 * <pre>
 * v3: Ver|Type  VRID  Priority  Count | Rsvd(4) MaxAdverInt(12, cs) | Checksum | addresses
 * v2: Ver|Type  VRID  Priority  Count | AuthType  AdverInt(s)       | Checksum | addresses | auth data(8)
 * </pre>
 */
public final class VrrpCodec {

    /** Fixed part of the message before the addresses. */
    public static final int HEADER_LENGTH = 8;

    private VrrpCodec() {
    }

    /**
     * Encodes {@code ad}. The pseudo-header (v3/IPv6 always, v3/IPv4 when {@code v3Ipv4Checksum} is
     * {@link ChecksumMode#PSEUDO_HEADER}; {@code null} means the default) uses {@code source} and
     * {@code destination}: with unicast pass the peer's real address, not the group.
     */
    public static byte[] encode(VrrpAdvertisement ad, InetAddress source, InetAddress destination,
            ChecksumMode v3Ipv4Checksum) {
        Objects.requireNonNull(ad, "ad");
        ChecksumMode mode = ChecksumMode.effective(ad.version(), ad.family(), v3Ipv4Checksum);
        if (mode == ChecksumMode.PSEUDO_HEADER) {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
            if (!ad.family().matches(source) || !ad.family().matches(destination)) {
                throw new IllegalArgumentException("source/destination family differs from " + ad.family());
            }
        }
        byte[] out = new byte[ad.encodedLength()];
        out[0] = (byte) ((ad.version() << 4) | ad.type());
        out[1] = (byte) ad.vrid();
        out[2] = (byte) ad.priority();
        out[3] = (byte) ad.count();
        if (ad.version() == 3) {
            out[4] = (byte) ((ad.maxAdverInterval() >>> 8) & 0x0F);
            out[5] = (byte) ad.maxAdverInterval();
        } else {
            out[4] = (byte) ad.authentication().type();
            out[5] = (byte) ad.maxAdverInterval();
        }
        int off = HEADER_LENGTH;
        for (InetAddress a : ad.addresses()) {
            byte[] raw = a.getAddress();
            System.arraycopy(raw, 0, out, off, raw.length);
            off += raw.length;
        }
        if (ad.version() == 2) {
            ad.authentication().writeTo(out, off);
        }
        int sum = InternetChecksum.compute(out, 0, out.length, mode, source, destination);
        out[6] = (byte) (sum >>> 8);
        out[7] = (byte) sum;
        return out;
    }

    /** Encodes for the source and destination of {@code envelope}. */
    public static byte[] encode(VrrpAdvertisement ad, IpEnvelope envelope, ChecksumMode v3Ipv4Checksum) {
        return encode(ad, envelope.source(), envelope.destination(), v3Ipv4Checksum);
    }

    /** Decodes a whole payload. */
    public static DecodeResult decode(IpEnvelope envelope, byte[] payload) {
        if (payload == null) {
            return new Rejection(RejectReason.PACKET_TOO_SHORT, "no payload");
        }
        return decode(envelope, payload, 0, payload.length);
    }

    /**
     * Decodes {@code length} bytes of {@code buf} from {@code offset} as the VRRP message carried in
     * {@code envelope}; the envelope's family decides the address length.
     */
    public static DecodeResult decode(IpEnvelope envelope, byte[] buf, int offset, int length) {
        Objects.requireNonNull(envelope, "envelope");
        if (buf == null || offset < 0 || length < 0 || offset > buf.length || length > buf.length - offset) {
            return new Rejection(RejectReason.PACKET_TOO_SHORT, "buffer bounds invalid");
        }
        AddressFamily family = AddressFamily.of(envelope.source());
        if (AddressFamily.of(envelope.destination()) != family) {
            return new Rejection(RejectReason.FAMILY_MISMATCH, "IP source " + Addresses.text(envelope.source())
                    + " and destination " + Addresses.text(envelope.destination()) + " differ in family");
        }
        if (length < HEADER_LENGTH) {
            return new Rejection(RejectReason.PACKET_TOO_SHORT,
                    length + " bytes, the fixed header alone is " + HEADER_LENGTH);
        }
        int version = (buf[offset] >>> 4) & 0x0F;
        int type = buf[offset] & 0x0F;
        if (version != 2 && version != 3) {
            return new Rejection(RejectReason.BAD_VERSION, "version " + version + " is neither 2 nor 3");
        }
        if (version == 2 && family != AddressFamily.IPV4) {
            return new Rejection(RejectReason.BAD_VERSION, "VRRPv2 received over IPv6; v2 is IPv4 only");
        }
        if (type != VrrpAdvertisement.TYPE_ADVERTISEMENT) {
            return new Rejection(RejectReason.BAD_TYPE, "type " + type + " is not 1 (advertisement)");
        }
        int vrid = buf[offset + 1] & 0xFF;
        int priority = buf[offset + 2] & 0xFF;
        int count = buf[offset + 3] & 0xFF;
        int expected = HEADER_LENGTH + count * family.addressLength()
                + (version == 2 ? VrrpAuthentication.DATA_LENGTH : 0);
        if (length != expected && count == 0) { // a zeroed count on a message that still carries addresses
            return new Rejection(RejectReason.COUNT_ZERO, "Count IPvX Addrs is 0 in a " + length + "-byte v" + version
                    + " message (RFC 9568 erratum: ignore)");
        }
        if (length != expected) {
            return new Rejection(RejectReason.LENGTH_MISMATCH, "v" + version + " " + family + " with count "
                    + count + " must be " + expected + " bytes, got " + length);
        }
        ChecksumMode mode = checksumForm(version, family, envelope, buf, offset, length);
        if (mode == null) {
            return new Rejection(RejectReason.CHECKSUM_ERROR, "checksum 0x"
                    + Integer.toHexString(((buf[offset + 6] & 0xFF) << 8) | (buf[offset + 7] & 0xFF))
                    + " is wrong for v" + version + " " + family + " (" + acceptedForms(version, family) + ")");
        }
        int interval;
        VrrpAuthentication auth;
        if (version == 3) {
            interval = ((buf[offset + 4] & 0x0F) << 8) | (buf[offset + 5] & 0xFF);
            auth = VrrpAuthentication.none();
        } else {
            interval = buf[offset + 5] & 0xFF;
            byte[] data = new byte[VrrpAuthentication.DATA_LENGTH];
            System.arraycopy(buf, offset + length - data.length, data, 0, data.length);
            auth = new VrrpAuthentication(buf[offset + 4] & 0xFF, data);
        }
        if (interval == 0) {
            return new Rejection(RejectReason.INTERVAL_ZERO, "Max Adver Int is 0 (RFC 9568 erratum: reject)");
        }
        List<InetAddress> addresses = new ArrayList<>(count);
        int addrOff = offset + HEADER_LENGTH;
        for (int i = 0; i < count; i++, addrOff += family.addressLength()) {
            addresses.add(address(buf, addrOff, family));
        }
        if (family == AddressFamily.IPV6 && !addresses.isEmpty() && !addresses.get(0).isLinkLocalAddress()) {
            return new Rejection(RejectReason.IPV6_FIRST_NOT_LINK_LOCAL, "first IPv6 address "
                    + Addresses.text(addresses.get(0)) + " is not link-local (RFC 9568 §5.2.9, erratum)");
        }
        VrrpAdvertisement ad = new VrrpAdvertisement(version, type, vrid, priority, interval, family,
                addresses, auth);
        return new DecodedAdvertisement(ad, mode);
    }

    /**
     * The checksum form that {@code buf} satisfies, or {@code null}. v2 is message-only, v3/IPv6 is
     * pseudo-header, v3/IPv4 accepts either and tries the pseudo-header (the deployed default) first.
     */
    private static ChecksumMode checksumForm(int version, AddressFamily family, IpEnvelope envelope, byte[] buf,
            int offset, int length) {
        InetAddress src = envelope.source();
        InetAddress dst = envelope.destination();
        if (version == 3 && InternetChecksum.verify(buf, offset, length, ChecksumMode.PSEUDO_HEADER, src, dst)) {
            return ChecksumMode.PSEUDO_HEADER;
        }
        boolean messageOnlyAllowed = version == 2 || family == AddressFamily.IPV4;
        if (messageOnlyAllowed
                && InternetChecksum.verify(buf, offset, length, ChecksumMode.MESSAGE_ONLY, src, dst)) {
            return ChecksumMode.MESSAGE_ONLY;
        }
        return null;
    }

    private static String acceptedForms(int version, AddressFamily family) {
        if (version == 2) {
            return "message only";
        }
        return family == AddressFamily.IPV6 ? "IPv6 pseudo-header" : "pseudo-header or message only";
    }

    private static InetAddress address(byte[] buf, int off, AddressFamily family) {
        byte[] raw = new byte[family.addressLength()];
        System.arraycopy(buf, off, raw, 0, raw.length);
        try {
            // Inet6Address.getByAddress keeps IPv4-mapped addresses as IPv6, unlike InetAddress.getByAddress.
            return family == AddressFamily.IPV6 ? Inet6Address.getByAddress(null, raw, -1)
                    : (Inet4Address) InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a " + raw.length + "-byte address is always valid", e);
        }
    }
}
