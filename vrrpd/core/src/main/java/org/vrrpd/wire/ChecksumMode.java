package org.vrrpd.wire;

/**
 * Which bytes a VRRP checksum covers.
 *
 * <p>VRRPv2 always covers the message only (RFC 3768 §5.3.8). VRRPv3 over IPv6 always adds the RFC 8200 §8.1
 * pseudo-header. VRRPv3 over IPv4 is the disputed case: RFC 9568 §5.2.8 says message only, while keepalived 2.2
 * and FRR by default add an IPv4 pseudo-header (source, destination, zero, protocol 112, 16-bit length).
 * This enum is both the per-instance send setting for v3/IPv4 ({@link #DEFAULT_V3_IPV4} = keepalived's
 * default) and the form a received packet was found to use.
 */
public enum ChecksumMode {
    /** The checksum covers a pseudo-header and then the VRRP message (keepalived/FRR default for v3 IPv4). */
    PSEUDO_HEADER,
    /** The checksum covers the VRRP message only (v2; RFC 9568 for v3 IPv4; keepalived {@code v3_checksum_as_v2}). */
    MESSAGE_ONLY;

    /** The send form used for VRRPv3 over IPv4 unless configured otherwise: keepalived's default. */
    public static final ChecksumMode DEFAULT_V3_IPV4 = PSEUDO_HEADER;

    /**
     * The form actually used on the wire for a message of this version and family when {@code v3Ipv4Setting}
     * is the instance's v3/IPv4 setting: the setting matters only for VRRPv3 over IPv4.
     */
    public static ChecksumMode effective(int version, AddressFamily family, ChecksumMode v3Ipv4Setting) {
        if (version == 2) {
            return MESSAGE_ONLY;
        }
        if (family == AddressFamily.IPV6) {
            return PSEUDO_HEADER;
        }
        return v3Ipv4Setting == null ? DEFAULT_V3_IPV4 : v3Ipv4Setting;
    }
}
