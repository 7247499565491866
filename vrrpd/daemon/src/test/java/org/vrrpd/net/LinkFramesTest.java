package org.vrrpd.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.vrrpd.wire.AddressFamily;

class LinkFramesTest {

    private static final MacAddress VMAC4 = MacAddress.virtualRouter(1, AddressFamily.IPV4);
    private static final MacAddress VMAC6 = MacAddress.virtualRouter(1, AddressFamily.IPV6);

    @Test
    void gratuitousArp_shouldBeABroadcastRequest_withSenderAndTargetIpEqualToTheVip() throws Exception {
        byte[] frame = LinkFrames.gratuitousArp((Inet4Address) InetAddress.getByName("192.0.2.100"), VMAC4);
        String expected = "ffffffffffff" + "00005e000101" + "0806"   // Ethernet: broadcast, from the VMAC, ARP
                + "0001" + "0800" + "06" + "04" + "0001"              // Ethernet/IPv4, request
                + "00005e000101" + "c0000264"                          // sender MAC, sender IP = VIP
                + "000000000000" + "c0000264";                         // target MAC 0, target IP = VIP
        assertArrayEquals(HexFormat.of().parseHex(expected), frame);
    }

    @Test
    void gratuitousArpForAnotherRouter_shouldCarryItsMacInTheArpSender_andOurOwnAsEthernetSource() throws Exception {
        MacAddress owner = MacAddress.parse("02:00:00:00:00:01");
        MacAddress self = MacAddress.parse("02:00:00:00:00:02");
        byte[] frame = LinkFrames.gratuitousArp((Inet4Address) InetAddress.getByName("192.0.2.100"), owner, self);
        String expected = "ffffffffffff" + "020000000002" + "0806"   // from our own MAC: switches keep their tables
                + "0001" + "0800" + "06" + "04" + "0001"
                + "020000000001" + "c0000264"                          // the VIP is at the new Active router
                + "000000000000" + "c0000264";
        assertArrayEquals(HexFormat.of().parseHex(expected), frame);
    }

    @Test
    void unsolicitedNa_shouldSetRouterAndOverrideFlags_andCarryAValidChecksum_whenActingAsRouter() throws Exception {
        byte[] frame = na(true);
        // Expected bytes computed independently (RFC 4861 §4.4 layout, RFC 8200 §8.1 pseudo-header checksum).
        String expected = "333300000001" + "00005e000201" + "86dd"
                + "60000000" + "0020" + "3a" + "ff"
                + "fe800000000000000000000000000001" + "ff020000000000000000000000000001"
                + "88" + "00" + "4963" + "a0000000"
                + "20010db8000000000000000000000100"
                + "0201" + "00005e000201";
        assertArrayEquals(HexFormat.of().parseHex(expected), frame);
    }

    @Test
    void unsolicitedNa_shouldClearRouterFlag_whenNotActingAsRouter() throws Exception {
        byte[] frame = na(false);
        assertEquals(0x20, frame[14 + 40 + 4] & 0xff, "flags: R=0 S=0 O=1");
        assertEquals(0xc963, ((frame[56] & 0xff) << 8) | (frame[57] & 0xff), "checksum");
    }

    @Test
    void unsolicitedNa_checksumOverPseudoHeaderAndMessage_shouldVerifyToZero() throws Exception {
        byte[] frame = na(true);
        byte[] icmp = java.util.Arrays.copyOfRange(frame, 54, frame.length);
        byte[] src = java.util.Arrays.copyOfRange(frame, 22, 38);
        assertEquals(0, Checksums.icmpv6(src, LinkFrames.ALL_NODES, icmp));
    }

    @Test
    void unsolicitedNaForAnotherRouter_shouldCarryItsMacInTheTargetOption_andOurOwnAsEthernetSource()
            throws Exception {
        MacAddress self = MacAddress.parse("02:00:00:00:00:02");
        byte[] frame = LinkFrames.unsolicitedNeighborAdvert((Inet6Address) InetAddress.getByName("fe80::1"),
                (Inet6Address) InetAddress.getByName("2001:db8::100"), VMAC6, self, false);
        String expected = "333300000001" + "020000000002" + "86dd"  // to all-nodes, from our own MAC
                + "60000000" + "0020" + "3a" + "ff"                   // hop limit 255
                + "fe800000000000000000000000000001" + "ff020000000000000000000000000001"
                + "88" + "00" + "c963" + "20000000"                   // NA, R=0 S=0 O=1
                + "20010db8000000000000000000000100"                  // target = VIP
                + "0201" + "00005e000201";                            // TLLA = the owner's MAC
        assertArrayEquals(HexFormat.of().parseHex(expected), frame);
    }

    private static byte[] na(boolean router) throws Exception {
        return LinkFrames.unsolicitedNeighborAdvert((Inet6Address) InetAddress.getByName("fe80::1"),
                (Inet6Address) InetAddress.getByName("2001:db8::100"), VMAC6, router);
    }
}
