package org.vrrpd.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class LinkFramesProperties {

    @Property
    void unsolicitedNa_checksumShouldVerify_andTllaShouldBeTheMac_forAnyAddresses(
            @ForAll @Size(16) byte[] source, @ForAll @Size(16) byte[] vip, @ForAll @Size(6) byte[] mac,
            @ForAll boolean router) throws Exception {
        byte[] frame = LinkFrames.unsolicitedNeighborAdvert((Inet6Address) InetAddress.getByAddress(source),
                (Inet6Address) InetAddress.getByAddress(vip), new MacAddress(mac), router);
        byte[] icmp = Arrays.copyOfRange(frame, 54, frame.length);
        assertEquals(86, frame.length);
        assertEquals(0, Checksums.icmpv6(source, LinkFrames.ALL_NODES, icmp));
        assertArrayEquals(mac, Arrays.copyOfRange(frame, 6, 12), "Ethernet source is the MAC");
        assertArrayEquals(mac, Arrays.copyOfRange(frame, 80, 86), "TLLA is the MAC");
        assertEquals(router ? 0xa0 : 0x20, frame[58] & 0xff);
    }

    @Property
    void gratuitousArp_senderAndTargetIpShouldBeTheVip_forAnyVip(
            @ForAll @Size(4) byte[] vip, @ForAll @Size(6) byte[] mac) throws Exception {
        byte[] frame = LinkFrames.gratuitousArp((Inet4Address) InetAddress.getByAddress(vip), new MacAddress(mac));
        assertArrayEquals(vip, Arrays.copyOfRange(frame, 28, 32), "sender IP");
        assertArrayEquals(vip, Arrays.copyOfRange(frame, 38, 42), "target IP");
        assertArrayEquals(mac, Arrays.copyOfRange(frame, 22, 28), "sender MAC");
    }
}
