package org.vrrpd.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AddressesTest {

    private static String t(String literal) throws Exception {
        return Addresses.text(InetAddress.getByName(literal));
    }

    @Test
    void ipv6_shouldPrintInRfc5952Form() throws Exception {
        assertEquals("fe80::ff:fe00:1", t("fe80:0:0:0:0:ff:fe00:1"));
        assertEquals("2001:db8::100", t("2001:db8:0:0:0:0:0:100"));
        assertEquals("::", t("::"));
        assertEquals("::1", t("::1"));
        assertEquals("2001:db8::", t("2001:db8::"));
        assertEquals("ff02::12", t("ff02::12"));
        // RFC 5952 §4.2.2: a single zero group is not shortened
        assertEquals("2001:db8:0:1:1:1:1:1", t("2001:db8:0:1:1:1:1:1"));
        // §4.2.3: the longest run, the first on a tie
        assertEquals("2001:0:0:1::1", t("2001:0:0:1:0:0:0:1"));
        assertEquals("2001:db8::1:0:0:1", t("2001:db8:0:0:1:0:0:1"));
        // §4.3: lower case, no leading zeros
        assertEquals("2001:db8::abcd", t("2001:0DB8::ABCD"));
    }

    @Test
    void ipv4_shouldPrintAsDottedQuad() throws Exception {
        assertEquals("192.0.2.10", t("192.0.2.10"));
    }

    @Property(tries = 2000)
    void anyIpv6Text_shouldParseBackToTheSameAddress(@ForAll @Size(16) byte[] bytes) throws Exception {
        InetAddress a = InetAddress.getByAddress(bytes);
        assertEquals(a, InetAddress.getByName(Addresses.text(a)));
    }
}
