package org.vrrpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.ChecksumMode;

class SpellingsTest {

    @Test
    void spellings_shouldBeTheWordsTheYamlUses() {
        // in declaration order: IPV4, IPV6 and PSEUDO_HEADER, MESSAGE_ONLY
        assertEquals(List.of("ipv4", "ipv6"), Stream.of(AddressFamily.values()).map(Spellings::family).toList());
        assertEquals(List.of("pseudo-header", "rfc9568"),
                Stream.of(ChecksumMode.values()).map(Spellings::checksum).toList());
    }

    @Test
    void everySpelling_shouldParseBackToItsValue() {
        for (AddressFamily f : AddressFamily.values()) {
            assertEquals(Optional.of(f), Spellings.family(Spellings.family(f)));
        }
        for (ChecksumMode m : ChecksumMode.values()) {
            assertEquals(Optional.of(m), Spellings.checksum(Spellings.checksum(m)));
        }
    }

    @Test
    void parsing_shouldIgnoreCase_acceptKeepalivedsInetNames_andRejectOtherWords() {
        assertEquals(Optional.of(AddressFamily.IPV4), Spellings.family("inet"));
        assertEquals(Optional.of(AddressFamily.IPV6), Spellings.family("inet6"));
        assertEquals(Optional.of(AddressFamily.IPV6), Spellings.family("IPv6"));
        assertEquals(Optional.of(ChecksumMode.MESSAGE_ONLY), Spellings.checksum("RFC9568"));
        assertEquals(Optional.empty(), Spellings.family("ipx"));
        assertEquals(Optional.empty(), Spellings.family(""));
        assertEquals(Optional.empty(), Spellings.checksum("message-only"));
    }
}
