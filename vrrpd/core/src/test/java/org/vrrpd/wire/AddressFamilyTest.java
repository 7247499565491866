package org.vrrpd.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressFamilyTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void group_shouldBeTheIanaVrrpGroupOfEachFamily() throws Exception {
        // RFC 9568 §5.1.1.2 (IPv4) and §5.1.2.2 (IPv6)
        assertEquals(ip("224.0.0.18"), AddressFamily.IPV4.group());
        assertEquals(ip("ff02::12"), AddressFamily.IPV6.group());
        assertTrue(AddressFamily.IPV4.matches(AddressFamily.IPV4.group()));
        assertTrue(AddressFamily.IPV6.matches(AddressFamily.IPV6.group()));
    }

    @Test
    void lengths_shouldBeFourAndSixteenBytes() {
        assertEquals(4, AddressFamily.IPV4.addressLength());
        assertEquals(16, AddressFamily.IPV6.addressLength());
        assertEquals(32, AddressFamily.IPV4.maxPrefixLength());
        assertEquals(128, AddressFamily.IPV6.maxPrefixLength());
    }

    @Test
    void kernelNumber_shouldBeLinuxAfInetAndAfInet6_andReadBack() {
        assertEquals(2, AddressFamily.IPV4.kernelNumber());
        assertEquals(10, AddressFamily.IPV6.kernelNumber());
        for (AddressFamily f : AddressFamily.values()) {
            assertEquals(Optional.of(f), AddressFamily.ofKernelNumber(f.kernelNumber()));
        }
    }

    @Test
    void ofKernelNumber_shouldBeEmpty_forFamiliesVrrpDoesNotRun() {
        assertEquals(Optional.empty(), AddressFamily.ofKernelNumber(0)); // AF_UNSPEC
        assertEquals(Optional.empty(), AddressFamily.ofKernelNumber(7)); // AF_BRIDGE
        assertEquals(Optional.empty(), AddressFamily.ofKernelNumber(17)); // AF_PACKET
    }

    @Test
    void of_shouldClassifyByAddress_andMatchOnlyItsOwnFamily() throws Exception {
        assertEquals(AddressFamily.IPV4, AddressFamily.of(ip("192.0.2.1")));
        assertEquals(AddressFamily.IPV6, AddressFamily.of(ip("2001:db8::1")));
        assertEquals(AddressFamily.IPV4, AddressFamily.of(ip("::ffff:192.0.2.1")), "Java makes it IPv4");
        assertTrue(AddressFamily.IPV4.matches(ip("198.51.100.7")));
        assertFalse(AddressFamily.IPV4.matches(ip("fe80::1")));
        assertTrue(AddressFamily.IPV6.matches(ip("fe80::1")));
        assertFalse(AddressFamily.IPV6.matches(ip("192.0.2.1")));
    }
}
