package org.vrrpd.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** VRRPv2 authentication fields (RFC 3768 §5.3.6, §7.1). */
class VrrpAuthenticationTest {

    @Test
    void simplePassword_shouldBeZeroPaddedToEightBytes() {
        VrrpAuthentication a = VrrpAuthentication.simplePassword("s3cret");
        assertEquals(1, a.type());
        assertArrayEquals(new byte[] {'s', '3', 'c', 'r', 'e', 't', 0, 0}, a.data());
    }

    @Test
    void simplePassword_shouldRejectMoreThanEightBytes() {
        assertThrows(IllegalArgumentException.class, () -> VrrpAuthentication.simplePassword("123456789"));
    }

    // keepalived 2.2.7 vrrp_parser.c: "Truncating auth_pass to 8 characters", then zero padding
    @Test
    void simplePasswordTruncated_shouldKeepTheFirstEightBytes_likeKeepalived() {
        VrrpAuthentication a = VrrpAuthentication.simplePasswordTruncated("0123456789abc");
        assertArrayEquals(new byte[] {'0', '1', '2', '3', '4', '5', '6', '7'}, a.data());
        assertEquals(VrrpAuthentication.simplePassword("01234567"), a);
        assertEquals(VrrpAuthentication.simplePassword("pw"), VrrpAuthentication.simplePasswordTruncated("pw"));
        assertTrue(VrrpAuthentication.exceedsDataLength("012345678"));
        assertFalse(VrrpAuthentication.exceedsDataLength("01234567"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 7, 9, 16})
    void constructor_shouldRejectDataThatIsNotEightBytes(int length) {
        assertThrows(IllegalArgumentException.class, () -> new VrrpAuthentication(1, new byte[length]));
    }

    @Test
    void data_shouldBeCopiedInAndOut() {
        byte[] raw = new byte[8];
        VrrpAuthentication a = new VrrpAuthentication(1, raw);
        raw[0] = 42;
        a.data()[1] = 42;
        assertArrayEquals(new byte[8], a.data());
    }

    @Test
    void accepts_shouldIgnoreDataForTypeNone_butCompareItForTheSimplePassword() {
        byte[] junk = {1, 2, 3, 4, 5, 6, 7, 8};
        assertTrue(VrrpAuthentication.none().accepts(new VrrpAuthentication(0, junk)));
        assertTrue(VrrpAuthentication.simplePassword("a").accepts(VrrpAuthentication.simplePassword("a")));
        assertFalse(VrrpAuthentication.simplePassword("a").accepts(VrrpAuthentication.simplePassword("b")));
        assertFalse(VrrpAuthentication.none().accepts(VrrpAuthentication.simplePassword("a")));
        assertFalse(VrrpAuthentication.simplePassword("a").accepts(VrrpAuthentication.none()));
    }

    @Test
    void equals_shouldCompareDataByContent() {
        assertEquals(VrrpAuthentication.simplePassword("x"), VrrpAuthentication.simplePassword("x"));
        assertEquals(VrrpAuthentication.simplePassword("x").hashCode(),
                VrrpAuthentication.simplePassword("x").hashCode());
    }

    @Test
    void toString_shouldNotRevealThePassword() {
        assertFalse(VrrpAuthentication.simplePassword("s3cret").toString().contains("s3cret"));
    }
}
