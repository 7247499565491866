package org.vrrpd.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived's AH form, rule by rule: the HMAC, each typed rejection of {@link IpsecAh#open}, the VRID peek. */
class IpsecAhTest {

    private static final byte[] KEY = IpsecAh.key("s3cret");
    private static final IpEnvelope ENVELOPE = new IpEnvelope(Packets.SRC4, Packets.GROUP4, 255, 0);

    private static byte[] sealed() {
        VrrpAdvertisement ad = VrrpAdvertisement.v2(24, 120, 1, List.of(Packets.VIP4_A),
                VrrpAuthentication.ipAuthHeader());
        return IpsecAh.seal(ENVELOPE, 1, 1, VrrpCodec.encode(ad, ENVELOPE, null), KEY, false);
    }

    @Test
    void hmacMd5_shouldMatchRfc2202TestCases1And2() {
        byte[] key1 = new byte[16];
        Arrays.fill(key1, (byte) 0x0b);
        assertEquals("9294727a3638bb1c13f48ef8158bfc9d", HexFormat.of().formatHex(
                IpsecAh.hmacMd5(key1, "Hi There".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("750c783e6ab0b503eaa86e310a5db738", HexFormat.of().formatHex(IpsecAh.hmacMd5(
                "Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void open_shouldRejectProtocol112_asIpBadProtocol() {
        byte[] d = sealed();
        d[9] = 112;
        assertEquals(RejectReason.IP_BAD_PROTOCOL, IpsecAh.open(d, 0, KEY, false).rejection().orElseThrow().reason());
    }

    @Test
    void open_shouldRejectAnAhHeaderForAnotherProtocol_asAhMalformed() {
        byte[] d = sealed();
        d[20] = 6;
        assertEquals(RejectReason.AH_MALFORMED, IpsecAh.open(d, 0, KEY, false).rejection().orElseThrow().reason());
    }

    @Test
    void open_shouldRejectAnotherAhLength_asAhMalformed() {
        byte[] d = sealed();
        d[21] = 6;
        assertEquals(RejectReason.AH_MALFORMED, IpsecAh.open(d, 0, KEY, false).rejection().orElseThrow().reason());
    }

    @Test
    void open_shouldRejectADatagramCutInsideTheAhHeader_asAhMalformed() {
        byte[] d = Arrays.copyOf(sealed(), 30);
        d[2] = 0;
        d[3] = 30;
        assertEquals(RejectReason.AH_MALFORMED, IpsecAh.open(d, 0, KEY, false).rejection().orElseThrow().reason());
    }

    @Test
    void open_shouldRejectAnSpiOtherThanTheSource_evenWithAValidIcv() {
        byte[] d = sealed();
        d[27] = 99; // SPI 192.0.2.99, sender 192.0.2.1
        byte[] input = d.clone();
        input[1] = 0;
        input[10] = 0;
        input[11] = 0;
        Arrays.fill(input, 32, 44, (byte) 0);
        System.arraycopy(IpsecAh.hmacMd5(KEY, input), 0, d, 32, IpsecAh.ICV_LENGTH);
        Rejection r = IpsecAh.open(d, 0, KEY, false).rejection().orElseThrow();
        assertEquals(RejectReason.AUTH_AH_SPI_MISMATCH, r.reason());
        assertEquals("SPI 192.0.2.99 is not the source address 192.0.2.1", r.detail());
    }

    @Test
    void vrid_shouldPeekAtTheVrrpMessageBehindTheAhHeader() {
        assertEquals(24, IpsecAh.vrid(sealed()).orElseThrow());
        assertEquals(true, IpsecAh.vrid(new byte[20]).isEmpty());
    }

    @Test
    void seal_shouldRefuseIpv6_andAKeyOfAnotherLength() {
        IpEnvelope v6 = new IpEnvelope(Packets.SRC6, Packets.GROUP6, 255, 0);
        assertThrows(IllegalArgumentException.class, () -> IpsecAh.seal(v6, 1, 1, new byte[20], KEY, false));
        assertThrows(IllegalArgumentException.class,
                () -> IpsecAh.seal(ENVELOPE, 1, 1, new byte[20], new byte[7], false));
    }
}
