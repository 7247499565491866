package org.vrrpd.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** Layouts are checked for little-endian LP64 Linux, the only targets vrrpd ships for. */
class StructsTest {

    private static final boolean LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    @Test
    void sockaddrIn_shouldHoldFamilyInHostOrderAndAddressInNetworkOrder() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(LE);
        byte[] sa = Structs.sockaddrIn((Inet4Address) InetAddress.getByName("224.0.0.18"));
        assertArrayEquals(HexFormat.of().parseHex("02000000e0000012" + "0000000000000000"), sa);
    }

    @Test
    void sockaddrIn6_shouldCarryTheScopeIdAfterTheAddress() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(LE);
        byte[] sa = Structs.sockaddrIn6((Inet6Address) InetAddress.getByName("ff02::12"), 7);
        assertArrayEquals(HexFormat.of().parseHex("0a000000" + "00000000" + "ff020000000000000000000000000012"
                + "07000000"), sa);
    }

    @Test
    void sockaddrLl_shouldHoldProtocolInNetworkOrderAndTheDestinationMac() {
        org.junit.jupiter.api.Assumptions.assumeTrue(LE);
        byte[] sa = Structs.sockaddrLl(0x0806, 3, MacAddress.BROADCAST.bytes());
        assertArrayEquals(HexFormat.of().parseHex("1100" + "0806" + "03000000" + "0000" + "00" + "06"
                + "ffffffffffff0000"), sa);
    }

    @Test
    void ipMreqn_shouldBeGroupThenAnyAddressThenIfIndex() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(LE);
        byte[] m = Structs.ipMreqn((Inet4Address) InetAddress.getByName("224.0.0.18"), 2);
        assertArrayEquals(HexFormat.of().parseHex("e0000012" + "00000000" + "02000000"), m);
    }

    @Test
    void cmsg_shouldPadToCmsgSpace_andRecordCmsgLenWithoutPadding() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(LE);
        byte[] c = Structs.cmsg(0, 8, Structs.inPktinfo(2, (Inet4Address) InetAddress.getByName("192.0.2.1")));
        assertEquals(32, c.length);
        assertArrayEquals(HexFormat.of().parseHex("1c00000000000000" + "00000000" + "08000000"
                + "02000000" + "c0000201" + "00000000" + "00000000"), c);
    }

    @Test
    void ifName_shouldRejectNamesLongerThanIfnamsizMinusOne() {
        assertThrows(IllegalArgumentException.class, () -> Structs.ifName("sixteen-chars-xx"));
        assertEquals(16, Structs.ifName("eth0").length);
    }

    @Test
    void addressOf_shouldReadBackWhatSockaddrWrote() throws Exception {
        InetAddress v6 = InetAddress.getByName("fe80::1");
        assertEquals(v6, Structs.addressOf(Structs.sockaddrIn6((Inet6Address) v6, 0)));
        InetAddress v4 = InetAddress.getByName("192.0.2.7");
        assertEquals(v4, Structs.addressOf(Structs.sockaddrIn((Inet4Address) v4)));
    }
}
