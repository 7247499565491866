package org.vrrpd.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Addresses and helpers shared by the transport tests (documentation ranges only). */
abstract class VrrpTransportContractFixtures {

    static final String IF = "vr0";
    static final MacAddress MAC_A = MacAddress.parse("02:00:00:00:00:0a");
    static final MacAddress MAC_B = MacAddress.parse("02:00:00:00:00:0b");
    static final Inet4Address A4 = v4("192.0.2.1");
    static final Inet4Address B4 = v4("192.0.2.2");
    static final Inet4Address NOBODY4 = v4("192.0.2.99");
    static final Inet6Address A6 = v6("fe80::1");
    static final Inet6Address B6 = v6("fe80::2");
    static final Duration ARRIVAL = Duration.ofSeconds(5);
    static final Duration QUIET = Duration.ofMillis(300);

    static byte[] payload(String text) {
        return ("vrrp-test:" + text).getBytes(StandardCharsets.US_ASCII);
    }

    static InetAddress withoutScope(InetAddress address) throws Exception {
        return InetAddress.getByAddress(address.getAddress());
    }

    static Inet4Address v4(String literal) {
        try {
            return (Inet4Address) InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Inet6Address v6(String literal) {
        try {
            return (Inet6Address) InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
