package org.vrrpd.wire;

/**
 * Why a received packet was dropped. Each constant has a stable {@link #counterName()} for metrics and the
 * status JSON; never rename one. The IP header constants come from {@link Ipv4Header}, the rest from
 * {@link VrrpCodec} and {@link ReceiveValidator},
 * the AH ones from {@link IpsecAh} and {@link AhSequenceCounter}.
 */
public enum RejectReason {
    // IPv4 header (raw IPv4 sockets deliver it)
    IP_HEADER_TOO_SHORT("ip_header_too_short"),
    IP_BAD_VERSION("ip_bad_version"),
    IP_BAD_HEADER_LENGTH("ip_bad_header_length"),
    IP_LENGTH_MISMATCH("ip_length_mismatch"),
    IP_BAD_PROTOCOL("ip_bad_protocol"),
    IP_FRAGMENT("ip_fragment"),
    // RFC 9568 / RFC 3768 §7.1 and the RFC 9568 errata
    TTL_ERROR("ttl_error"),
    UNKNOWN_PEER("unknown_peer"),
    FAMILY_MISMATCH("family_mismatch"),
    PACKET_TOO_SHORT("packet_too_short"),
    BAD_VERSION("bad_version"),
    BAD_TYPE("bad_type"),
    COUNT_ZERO("count_zero"),
    LENGTH_MISMATCH("length_mismatch"),
    CHECKSUM_ERROR("checksum_error"),
    INTERVAL_ZERO("interval_zero"),
    IPV6_FIRST_NOT_LINK_LOCAL("ipv6_first_not_link_local"),
    VRID_MISMATCH("vrid_mismatch"),
    /** v2: the Auth Type differs from the configured one (keepalived: {@code authtype_mismatch}). */
    AUTH_MISMATCH("auth_mismatch"),
    /** v2: the Auth Type matches but the simple password differs (keepalived: {@code auth_failure}). */
    AUTH_PASSWORD_MISMATCH("auth_password_mismatch"),
    INTERVAL_MISMATCH_V2("interval_mismatch_v2"),
    // v2 with IPsec-AH authentication (keepalived's auth_type AH), from IpsecAh and AhSequenceCounter
    /** The AH header is cut short, has another length, or protects another protocol than VRRP. */
    AH_MALFORMED("ah_malformed"),
    /** The HMAC-MD5-96 value is wrong: another key, or the packet was altered (keepalived: {@code auth_failure}). */
    AUTH_AH_ICV_MISMATCH("auth_ah_icv_mismatch"),
    /** The SPI is not the sender's IPv4 address, as keepalived requires (keepalived: {@code auth_failure}). */
    AUTH_AH_SPI_MISMATCH("auth_ah_spi_mismatch"),
    /** The sequence number is not above the last one seen: a replay (keepalived: {@code auth_failure}). */
    AUTH_AH_REPLAY("auth_ah_replay");

    private final String counterName;

    RejectReason(String counterName) {
        this.counterName = counterName;
    }

    /** Stable snake_case name for counters, logs and JSON. */
    public String counterName() {
        return counterName;
    }
}
