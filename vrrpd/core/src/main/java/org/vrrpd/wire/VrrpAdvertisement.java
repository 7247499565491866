package org.vrrpd.wire;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A VRRP advertisement as it appears on the wire, version 2 (RFC 3768 §5.3) or 3 (RFC 9568 §5.2).
 *
 * <p>{@code maxAdverInterval} is in the version's own unit: centiseconds (12 bits, 0–4095) for v3, whole
 * seconds (8 bits, 0–255) for v2; {@link #maxAdverIntervalCentis()} gives centiseconds for both.
 * The Count field is {@code addresses.size()}. {@code authentication} is {@link VrrpAuthentication#none()} for
 * v3 (which has no authentication fields). v2 is IPv4 only.
 *
 * <p>The record accepts values a receiver would reject (type ≠ 1, count 0, interval 0, VRID 0) so that tests
 * and tools can build bad packets; {@link ReceiveValidator} decides what is acceptable.
 */
public record VrrpAdvertisement(int version, int type, int vrid, int priority, int maxAdverInterval,
        AddressFamily family, List<InetAddress> addresses, VrrpAuthentication authentication) {

    /** The only defined VRRP message type. */
    public static final int TYPE_ADVERTISEMENT = 1;
    /** Priority of the address owner. */
    public static final int PRIORITY_OWNER = 255;
    /** Priority meaning "the current master stopped participating". */
    public static final int PRIORITY_STOP = 0;
    /** Largest v3 interval, in centiseconds (12 bits). */
    public static final int MAX_INTERVAL_V3_CENTIS = 4095;
    /** Largest v2 interval, in seconds (8 bits). */
    public static final int MAX_INTERVAL_V2_SECONDS = 255;

    public VrrpAdvertisement {
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("version must be 2 or 3: " + version);
        }
        checkRange("type", type, 0, 15);
        checkRange("vrid", vrid, 0, 255);
        checkRange("priority", priority, 0, 255);
        checkRange("maxAdverInterval", maxAdverInterval, 0,
                version == 3 ? MAX_INTERVAL_V3_CENTIS : MAX_INTERVAL_V2_SECONDS);
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(addresses, "addresses");
        Objects.requireNonNull(authentication, "authentication");
        addresses = List.copyOf(addresses);
        if (addresses.size() > 255) {
            throw new IllegalArgumentException("at most 255 addresses, got " + addresses.size());
        }
        for (InetAddress a : addresses) {
            if (!family.matches(a)) {
                throw new IllegalArgumentException("address " + Addresses.text(a) + " is not " + family);
            }
        }
        if (version == 2 && family != AddressFamily.IPV4) {
            throw new IllegalArgumentException("VRRPv2 is IPv4 only");
        }
        if (version == 3 && !authentication.equals(VrrpAuthentication.none())) {
            throw new IllegalArgumentException("VRRPv3 has no authentication");
        }
    }

    /** A v3 advertisement; the family is taken from the first address. */
    public static VrrpAdvertisement v3(int vrid, int priority, int maxAdverIntervalCentis,
            List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("use the canonical constructor for an empty address list");
        }
        return new VrrpAdvertisement(3, TYPE_ADVERTISEMENT, vrid, priority, maxAdverIntervalCentis,
                AddressFamily.of(addresses.get(0)), addresses, VrrpAuthentication.none());
    }

    /** A v2 (IPv4) advertisement. */
    public static VrrpAdvertisement v2(int vrid, int priority, int adverIntervalSeconds,
            List<InetAddress> addresses, VrrpAuthentication authentication) {
        return new VrrpAdvertisement(2, TYPE_ADVERTISEMENT, vrid, priority, adverIntervalSeconds,
                AddressFamily.IPV4, addresses, authentication);
    }

    /** The Count IPvX Addrs field. */
    public int count() {
        return addresses.size();
    }

    /** The interval in centiseconds whatever the version (v2 seconds × 100). */
    public int maxAdverIntervalCentis() {
        return version == 3 ? maxAdverInterval : maxAdverInterval * 100;
    }

    /** The length of the encoded message: 8 + count × address length, plus 8 bytes of auth data in v2. */
    public int encodedLength() {
        return VrrpCodec.HEADER_LENGTH + addresses.size() * family.addressLength()
                + (version == 2 ? VrrpAuthentication.DATA_LENGTH : 0);
    }

    /**
     * Encodes this advertisement for the given IP source and destination (the pseudo-header uses them);
     * {@code v3Ipv4Checksum} is the instance's v3/IPv4 setting and is ignored for v2 and IPv6.
     */
    public byte[] encode(InetAddress source, InetAddress destination, ChecksumMode v3Ipv4Checksum) {
        return VrrpCodec.encode(this, source, destination, v3Ipv4Checksum);
    }

    private static void checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " out of range " + min + ".." + max + ": " + value);
        }
    }
}
