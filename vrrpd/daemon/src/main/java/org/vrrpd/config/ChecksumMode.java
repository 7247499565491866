package org.vrrpd.config;

/**
 * How a VRRPv3 router computes the checksum of the adverts it sends over IPv4 (receive accepts both).
 * RFC 5798 was ambiguous; keepalived, FRR and Wireshark include an IPv4 pseudo-header, RFC 9568 §5.2.8 says
 * the IPv4 checksum covers the VRRP message only (as in v2). IPv6 always uses the RFC 8200 pseudo-header.
 */
public enum ChecksumMode {
    /** Include the IPv4 pseudo-header (src, dst, 0, 112, length): what the deployed base sends. The default. */
    PSEUDO_HEADER("pseudo-header"),
    /** The VRRP message only, as RFC 9568 specifies (keepalived's {@code v3_checksum_as_v2}). */
    RFC9568("rfc9568");

    private final String yamlName;

    ChecksumMode(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    @Override
    public String toString() {
        return yamlName;
    }
}
