package org.vrrpd.config;

import java.util.Locale;
import java.util.Optional;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.ChecksumMode;

/**
 * How the YAML spells the protocol's enums, which live in {@code org.vrrpd.wire}: {@code family: ipv4|ipv6}
 * (keepalived's {@code inet}/{@code inet6} accepted too) and {@code checksum: pseudo-header|rfc9568}. Parsing is
 * case-insensitive; error messages and diagnostics print the canonical spelling.
 */
final class Spellings {

    private Spellings() {
    }

    /** {@code ipv4} or {@code ipv6}. */
    static String family(AddressFamily family) {
        return switch (family) {
            case IPV4 -> "ipv4";
            case IPV6 -> "ipv6";
        };
    }

    /** The family {@code text} names; empty if it names none. */
    static Optional<AddressFamily> family(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "ipv4", "inet" -> Optional.of(AddressFamily.IPV4);
            case "ipv6", "inet6" -> Optional.of(AddressFamily.IPV6);
            default -> Optional.empty();
        };
    }

    /**
     * {@code pseudo-header} (what keepalived and FRR send, the default) or {@code rfc9568} (the message only, as
     * RFC 9568 §5.2.8 specifies and keepalived's {@code v3_checksum_as_v2} sends).
     */
    static String checksum(ChecksumMode mode) {
        return switch (mode) {
            case PSEUDO_HEADER -> "pseudo-header";
            case MESSAGE_ONLY -> "rfc9568";
        };
    }

    /** The checksum form {@code text} names; empty if it names none. */
    static Optional<ChecksumMode> checksum(String text) {
        for (ChecksumMode m : ChecksumMode.values()) {
            if (checksum(m).equalsIgnoreCase(text)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
