package org.vrrpd.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vrrpd.wire.Packets.GROUP4;
import static org.vrrpd.wire.Packets.GROUP6;
import static org.vrrpd.wire.Packets.MCAST4;
import static org.vrrpd.wire.Packets.MCAST6;
import static org.vrrpd.wire.Packets.SRC4;
import static org.vrrpd.wire.Packets.SRC6;
import static org.vrrpd.wire.Packets.VIP4_A;
import static org.vrrpd.wire.Packets.VIP6_LL;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The advertisement record: its invariants, its wire layout, and decode(encode(x)) == x. */
class VrrpAdvertisementTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodeV3Ipv4_shouldLayOutVersionTypeVridPriorityCountIntervalChecksumAddresses() {
        byte[] wire = Packets.v3Ipv4().encode(SRC4, GROUP4, ChecksumMode.MESSAGE_ONLY);
        // 3|1, vrid 51, prio 200, count 2, rsvd 0 + 100 cs, checksum, 192.0.2.100, 192.0.2.101
        assertEquals("3133c8020064", HEX.formatHex(wire, 0, 6));
        assertEquals("c0000264c0000265", HEX.formatHex(wire, 8, 16));
        assertEquals(16, wire.length);
    }

    @Test
    void encodeV3_shouldUseTwelveBitsForTheInterval() {
        VrrpAdvertisement ad = VrrpAdvertisement.v3(1, 100, 4095, List.of(VIP4_A));
        byte[] wire = ad.encode(SRC4, GROUP4, ChecksumMode.PSEUDO_HEADER);
        assertEquals(0x0F, wire[4]);
        assertEquals((byte) 0xFF, wire[5]);
    }

    @Test
    void encodeV2_shouldPutAuthTypeAndSecondsInBytes4And5_andAuthDataAfterTheAddresses() {
        VrrpAdvertisement ad = VrrpAdvertisement.v2(22, 90, 3, List.of(VIP4_A),
                VrrpAuthentication.simplePassword("pw"));
        byte[] wire = ad.encode(SRC4, GROUP4, null);
        assertEquals("21165a010103", HEX.formatHex(wire, 0, 6));
        assertEquals("c0000264" + "7077000000000000", HEX.formatHex(wire, 8, 20));
        assertEquals(20, ad.encodedLength());
    }

    @Test
    void encodeV3Ipv6_shouldCarrySixteenByteAddresses() {
        byte[] wire = Packets.v3Ipv6().encode(SRC6, GROUP6, ChecksumMode.MESSAGE_ONLY);
        assertEquals(8 + 2 * 16, wire.length);
        assertArrayEquals(VIP6_LL.getAddress(), java.util.Arrays.copyOfRange(wire, 8, 24));
    }

    @Test
    void decode_shouldReturnTheEncodedValue_forEachVersionAndFamily() {
        for (VrrpAdvertisement ad : List.of(Packets.v3Ipv4(), Packets.v3Ipv6(), Packets.v2Ipv4())) {
            IpEnvelope env = ad.family() == AddressFamily.IPV6 ? MCAST6 : MCAST4;
            DecodeResult r = VrrpCodec.decode(env, VrrpCodec.encode(ad, env, null));
            assertEquals(ad, r.decoded().orElseThrow().advertisement());
        }
    }

    @Test
    void count_shouldBeTheNumberOfAddresses_andIntervalCentis_shouldScaleV2Seconds() {
        assertEquals(2, Packets.v3Ipv4().count());
        assertEquals(100, Packets.v3Ipv4().maxAdverIntervalCentis());
        assertEquals(100, Packets.v2Ipv4().maxAdverIntervalCentis());
        assertEquals(1, Packets.v2Ipv4().maxAdverInterval());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 15})
    void constructor_shouldRejectVersionsOtherThan2And3(int version) {
        assertThrows(IllegalArgumentException.class, () -> new VrrpAdvertisement(version, 1, 1, 100, 100,
                AddressFamily.IPV4, List.of(VIP4_A), VrrpAuthentication.none()));
    }

    @Test
    void constructor_shouldRejectOutOfRangeFields() {
        assertThrows(IllegalArgumentException.class, () -> VrrpAdvertisement.v3(256, 100, 100, List.of(VIP4_A)));
        assertThrows(IllegalArgumentException.class, () -> VrrpAdvertisement.v3(1, 256, 100, List.of(VIP4_A)));
        assertThrows(IllegalArgumentException.class, () -> VrrpAdvertisement.v3(1, 100, 4096, List.of(VIP4_A)));
        assertThrows(IllegalArgumentException.class, () -> VrrpAdvertisement.v2(1, 100, 256, List.of(VIP4_A),
                VrrpAuthentication.none()));
    }

    @Test
    void constructor_shouldRejectMixedFamilies_v2OverIpv6_andAuthenticationInV3() {
        assertThrows(IllegalArgumentException.class, () -> VrrpAdvertisement.v3(1, 100, 100,
                List.of(VIP4_A, VIP6_LL)));
        assertThrows(IllegalArgumentException.class, () -> new VrrpAdvertisement(2, 1, 1, 100, 1,
                AddressFamily.IPV6, List.of(VIP6_LL), VrrpAuthentication.none()));
        assertThrows(IllegalArgumentException.class, () -> new VrrpAdvertisement(3, 1, 1, 100, 100,
                AddressFamily.IPV4, List.of(VIP4_A), VrrpAuthentication.simplePassword("x")));
    }

    @Test
    void constructor_shouldRejectMoreThan255Addresses() {
        List<InetAddress> many = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            many.add(VIP4_A);
        }
        assertThrows(IllegalArgumentException.class, () -> VrrpAdvertisement.v3(1, 100, 100, many));
    }

    @Test
    void addresses_shouldBeImmutable_evenIfTheCallersListChanges() {
        List<InetAddress> list = new ArrayList<>(List.of(VIP4_A));
        VrrpAdvertisement ad = VrrpAdvertisement.v3(1, 100, 100, list);
        list.add(Packets.VIP4_B);
        assertEquals(1, ad.count());
        assertThrows(UnsupportedOperationException.class, () -> ad.addresses().add(VIP4_A));
    }
}
