package org.vrrpd.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.wire.Packets.GROUP4;
import static org.vrrpd.wire.Packets.GROUP6;
import static org.vrrpd.wire.Packets.PEER4;
import static org.vrrpd.wire.Packets.PEER6;
import static org.vrrpd.wire.Packets.SRC4;
import static org.vrrpd.wire.Packets.SRC6;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The one's complement checksum and the pseudo-headers (RFC 1071, RFC 3768 §5.3.8, RFC 9568 §5.2.8). */
class InternetChecksumTest {

    @Test
    void compute_shouldMatchTheRfc1071Example() {
        // RFC 1071 §3: words 0001 f203 f4f5 f6f7 sum to ddf2 (folded), checksum 220d
        byte[] data = HexFormat.of().parseHex("0001f203f4f5f6f7");
        assertEquals(0x220d, InternetChecksum.compute(data, 0, data.length, ChecksumMode.MESSAGE_ONLY, null, null));
    }

    @Test
    void compute_shouldPadAnOddTrailingByteWithZero() {
        byte[] odd = {0x12, 0x34, 0x56};
        byte[] even = {0x12, 0x34, 0x56, 0x00};
        assertEquals(InternetChecksum.compute(even, 0, 4, ChecksumMode.MESSAGE_ONLY, null, null),
                InternetChecksum.compute(odd, 0, 3, ChecksumMode.MESSAGE_ONLY, null, null));
    }

    @Test
    void v2Checksum_shouldCoverTheMessageOnly_whateverTheAddresses() {
        byte[] a = Packets.v2Ipv4().encode(SRC4, GROUP4, null);
        byte[] b = Packets.v2Ipv4().encode(PEER4, PEER4, null);
        assertEquals(HexFormat.of().formatHex(a), HexFormat.of().formatHex(b));
        assertTrue(InternetChecksum.verify(a, 0, a.length, ChecksumMode.MESSAGE_ONLY, null, null));
    }

    @Test
    void v3Ipv4PseudoHeader_shouldDifferFromMessageOnly_andEachVerifyOnlyInItsOwnForm() {
        byte[] pseudo = Packets.v3Ipv4().encode(SRC4, GROUP4, ChecksumMode.PSEUDO_HEADER);
        byte[] plain = Packets.v3Ipv4().encode(SRC4, GROUP4, ChecksumMode.MESSAGE_ONLY);
        assertNotEquals(HexFormat.of().formatHex(pseudo), HexFormat.of().formatHex(plain));
        assertTrue(InternetChecksum.verify(pseudo, 0, pseudo.length, ChecksumMode.PSEUDO_HEADER, SRC4, GROUP4));
        assertFalse(InternetChecksum.verify(pseudo, 0, pseudo.length, ChecksumMode.MESSAGE_ONLY, SRC4, GROUP4));
        assertTrue(InternetChecksum.verify(plain, 0, plain.length, ChecksumMode.MESSAGE_ONLY, SRC4, GROUP4));
        assertFalse(InternetChecksum.verify(plain, 0, plain.length, ChecksumMode.PSEUDO_HEADER, SRC4, GROUP4));
    }

    @Test
    void v3Ipv6PseudoHeader_shouldUseTheRealDestination_soUnicastDiffersFromTheGroup() {
        byte[] toGroup = Packets.v3Ipv6().encode(SRC6, GROUP6, null);
        byte[] toPeer = Packets.v3Ipv6().encode(SRC6, PEER6, null);
        assertNotEquals(HexFormat.of().formatHex(toGroup, 6, 8), HexFormat.of().formatHex(toPeer, 6, 8));
        assertTrue(InternetChecksum.verify(toPeer, 0, toPeer.length, ChecksumMode.PSEUDO_HEADER, SRC6, PEER6));
        assertFalse(InternetChecksum.verify(toPeer, 0, toPeer.length, ChecksumMode.PSEUDO_HEADER, SRC6, GROUP6));
    }

    @Test
    void v3Ipv6PseudoHeader_shouldMatchAHandComputedSum() {
        // fe80::1 -> ff02::12, VRRPv3 vrid 1 prio 100 count 1 int 100, address fe80::100 (24 bytes)
        byte[] msg = HexFormat.of().parseHex("3101640100640000" + "fe800000000000000000000000000100");
        long sum = 0xfe80 + 0x0001 // source
                + 0xff02 + 0x0012 // destination
                + 24 + 112 // 32-bit length, zeros, next header
                + 0x3101 + 0x6401 + 0x0064 + 0xfe80 + 0x0100; // message
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        assertEquals(~sum & 0xFFFF, InternetChecksum.compute(msg, 0, msg.length, ChecksumMode.PSEUDO_HEADER,
                SRC6, GROUP6));
    }

    @Test
    void effectiveMode_shouldApplyTheSettingOnlyToV3Ipv4() {
        assertEquals(ChecksumMode.MESSAGE_ONLY, ChecksumMode.effective(2, AddressFamily.IPV4,
                ChecksumMode.PSEUDO_HEADER));
        assertEquals(ChecksumMode.PSEUDO_HEADER, ChecksumMode.effective(3, AddressFamily.IPV6,
                ChecksumMode.MESSAGE_ONLY));
        assertEquals(ChecksumMode.MESSAGE_ONLY, ChecksumMode.effective(3, AddressFamily.IPV4,
                ChecksumMode.MESSAGE_ONLY));
        assertEquals(ChecksumMode.PSEUDO_HEADER, ChecksumMode.effective(3, AddressFamily.IPV4, null));
        assertEquals(ChecksumMode.PSEUDO_HEADER, ChecksumMode.DEFAULT_V3_IPV4);
    }
}
