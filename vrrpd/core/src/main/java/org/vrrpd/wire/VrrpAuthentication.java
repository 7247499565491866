package org.vrrpd.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The VRRPv2 authentication fields (RFC 3768 §5.3.6): the Auth Type byte and the 8 bytes of Authentication
 * Data after the addresses. Type 0 is "none" (data zero on send, ignored on receive), type 1 is the
 * simple text password, zero-padded to 8 bytes as keepalived sends it. VRRPv3 has no authentication and
 * always carries {@link #none()}. Immutable: the data array is copied in and out.
 */
public record VrrpAuthentication(int type, byte[] data) {

    public static final int TYPE_NONE = 0;
    public static final int TYPE_SIMPLE_PASSWORD = 1;
    /** IP Authentication Header (keepalived's {@code auth_type AH}); the data field is zero, see {@link IpsecAh}. */
    public static final int TYPE_IP_AUTH_HEADER = 2;
    /** Length of the Authentication Data field. */
    public static final int DATA_LENGTH = 8;

    private static final VrrpAuthentication NONE = new VrrpAuthentication(TYPE_NONE, new byte[DATA_LENGTH]);
    private static final VrrpAuthentication IP_AUTH_HEADER =
            new VrrpAuthentication(TYPE_IP_AUTH_HEADER, new byte[DATA_LENGTH]);

    public VrrpAuthentication {
        if (type < 0 || type > 255) {
            throw new IllegalArgumentException("auth type out of range 0..255: " + type);
        }
        Objects.requireNonNull(data, "data");
        if (data.length != DATA_LENGTH) {
            throw new IllegalArgumentException("auth data must be 8 bytes, got " + data.length);
        }
        data = data.clone();
    }

    /** No authentication, zero data. */
    public static VrrpAuthentication none() {
        return NONE;
    }

    /**
     * Type 2 with zero data, as keepalived fills the VRRP message under {@code auth_type AH} and as a received
     * advert decodes; the check lives in the AH header ({@link IpsecAh}), not here.
     */
    public static VrrpAuthentication ipAuthHeader() {
        return IP_AUTH_HEADER;
    }

    /**
     * Type 2 as configured: the data holds the HMAC key keepalived derives from {@code auth_pass}
     * ({@link IpsecAh#key}). The key never goes on the wire: adverts carry {@link #wireForm()}.
     */
    public static VrrpAuthentication ipAuthHeader(String authPass) {
        return new VrrpAuthentication(TYPE_IP_AUTH_HEADER, IpsecAh.key(authPass));
    }

    /** What the VRRP message carries: this value, except that type 2 carries zero data. */
    public VrrpAuthentication wireForm() {
        return type == TYPE_IP_AUTH_HEADER ? IP_AUTH_HEADER : this;
    }

    /** Simple text password: up to 8 bytes of UTF-8 (ASCII in practice), zero-padded. */
    public static VrrpAuthentication simplePassword(String password) {
        byte[] raw = password.getBytes(StandardCharsets.UTF_8);
        if (raw.length > DATA_LENGTH) {
            throw new IllegalArgumentException("simple password longer than 8 bytes");
        }
        return new VrrpAuthentication(TYPE_SIMPLE_PASSWORD, Arrays.copyOf(raw, DATA_LENGTH));
    }

    /**
     * Simple text password as keepalived 2.2.7 builds it from {@code auth_pass}: the UTF-8 bytes, cut to the
     * first 8 bytes when longer (keepalived truncates with a config warning), zero-padded when shorter.
     */
    public static VrrpAuthentication simplePasswordTruncated(String password) {
        byte[] raw = password.getBytes(StandardCharsets.UTF_8);
        return new VrrpAuthentication(TYPE_SIMPLE_PASSWORD, Arrays.copyOf(raw, DATA_LENGTH));
    }

    /** Whether keepalived would truncate {@code password} (more than 8 bytes of UTF-8). */
    public static boolean exceedsDataLength(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length > DATA_LENGTH;
    }

    /** A copy of the 8 data bytes. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Whether this is type 0. */
    public boolean isNone() {
        return type == TYPE_NONE;
    }

    /** Whether this is type 2, the IP Authentication Header. */
    public boolean isIpAuthHeader() {
        return type == TYPE_IP_AUTH_HEADER;
    }

    /**
     * Whether a received value passes a local configuration of this value (RFC 3768 §7.1): the types must
     * be equal, and for the simple password the data must be equal too. Type 0 and type 2 data is ignored
     * (keepalived checks type 2 in the AH header: {@link IpsecAh#open}).
     */
    public boolean accepts(VrrpAuthentication received) {
        if (received.type != type) {
            return false;
        }
        return type != TYPE_SIMPLE_PASSWORD || Arrays.equals(data, received.data);
    }

    void writeTo(byte[] out, int off) {
        System.arraycopy(data, 0, out, off, DATA_LENGTH);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VrrpAuthentication other && other.type == type && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(data);
    }

    /** Never prints the password itself. */
    @Override
    public String toString() {
        if (type == TYPE_NONE) {
            return "VrrpAuthentication[none]";
        }
        if (type == TYPE_IP_AUTH_HEADER) {
            return "VrrpAuthentication[ah]";
        }
        return "VrrpAuthentication[type=" + type + (type == TYPE_SIMPLE_PASSWORD ? ", password=***]"
                : ", data=" + HexFormat.of().formatHex(data) + "]");
    }
}
