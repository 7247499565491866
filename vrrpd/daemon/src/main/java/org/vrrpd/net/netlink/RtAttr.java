package org.vrrpd.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One routing attribute (struct rtattr: 16-bit length, 16-bit type, value padded to four bytes). The value is
 * copied in and out so the record stays immutable.
 */
public record RtAttr(int type, byte[] value) {

    public RtAttr {
        if (type < 0 || type > 0xFFFF) {
            throw new IllegalArgumentException("rtattr type out of range: " + type);
        }
        if (value.length > 0xFFFF - NetlinkConstants.RTA_HDRLEN) {
            throw new IllegalArgumentException("rtattr value too long: " + value.length);
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public static RtAttr ofU32(int type, int v) {
        return new RtAttr(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array());
    }

    public static RtAttr ofU8(int type, int v) {
        return new RtAttr(type, new byte[] {(byte) v});
    }

    /** A NUL-terminated C string, as the kernel stores IFA_LABEL and IFLA_IFNAME. */
    public static RtAttr ofString(int type, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return new RtAttr(type, Arrays.copyOf(b, b.length + 1));
    }

    /** A nested attribute whose value is {@code children}, each padded to four bytes (as rtattr nesting is). */
    public static RtAttr nested(int type, List<RtAttr> children) {
        ByteBuffer buf = ByteBuffer.allocate(encodedLength(children)).order(ByteOrder.nativeOrder());
        encodeAll(buf, children);
        return new RtAttr(type, buf.array());
    }

    /** The bytes {@code attrs} take on the wire, each padded to four bytes. */
    public static int encodedLength(List<RtAttr> attrs) {
        int n = 0;
        for (RtAttr a : attrs) {
            n += NetlinkConstants.align(a.length());
        }
        return n;
    }

    /** Puts {@code attrs} into {@code buf} (its byte order), each padded to four bytes. */
    public static void encodeAll(ByteBuffer buf, List<RtAttr> attrs) {
        for (RtAttr a : attrs) {
            int start = buf.position();
            buf.putShort((short) a.length()).putShort((short) a.type).put(a.value);
            buf.position(start + NetlinkConstants.align(a.length()));
        }
    }

    /**
     * The value read as nested attributes (types with NLA_F_NESTED and the byte-order flag masked off), or
     * empty if it does not parse as a sequence of rtattrs.
     */
    public Optional<List<RtAttr>> children() {
        return parse(ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()), NetlinkConstants.NLA_TYPE_MASK);
    }

    /**
     * {@code buf}'s remaining bytes as a sequence of attributes, each type ANDed with {@code typeMask} (0xFFFF
     * keeps the NLA_F_NESTED and byte-order flags), or empty if they do not parse as rtattrs.
     */
    public static Optional<List<RtAttr>> parse(ByteBuffer buf, int typeMask) {
        List<RtAttr> out = new ArrayList<>();
        return decodeAll(buf, typeMask, out) == null ? Optional.of(out) : Optional.empty();
    }

    /**
     * Reads {@code buf}'s remaining bytes as a sequence of attributes into {@code out}, each type ANDed with
     * {@code typeMask}. Returns null when they all parse, else why not (the text a message decoder rejects with).
     */
    public static String decodeAll(ByteBuffer buf, int typeMask, List<RtAttr> out) {
        while (buf.remaining() > 0) {
            int start = buf.position();
            if (buf.remaining() < NetlinkConstants.RTA_HDRLEN) {
                return "truncated rtattr header: " + buf.remaining() + " bytes";
            }
            int len = buf.getShort() & 0xFFFF;
            int t = buf.getShort() & typeMask;
            if (len < NetlinkConstants.RTA_HDRLEN || len > buf.limit() - start) {
                return "rta_len " + len + " does not fit the " + (buf.limit() - start) + " remaining bytes";
            }
            byte[] v = new byte[len - NetlinkConstants.RTA_HDRLEN];
            buf.get(v);
            out.add(new RtAttr(t, v));
            buf.position(Math.min(buf.limit(), start + NetlinkConstants.align(len)));
        }
        return null;
    }

    public int length() {
        return NetlinkConstants.RTA_HDRLEN + value.length;
    }

    /** The value as a native-order u32, or empty if it is shorter than four bytes. */
    public Optional<Integer> asU32() {
        return value.length < 4 ? Optional.empty()
                : Optional.of(ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getInt());
    }

    public Optional<Integer> asU8() {
        return value.length < 1 ? Optional.empty() : Optional.of(value[0] & 0xFF);
    }

    /** The value up to its first NUL (or all of it), as UTF-8. */
    public String asString() {
        int end = 0;
        while (end < value.length && value[end] != 0) {
            end++;
        }
        return new String(value, 0, end, StandardCharsets.UTF_8);
    }

    public static Optional<RtAttr> find(List<RtAttr> attrs, int type) {
        for (RtAttr a : attrs) {
            if (a.type == type) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RtAttr a && a.type == type && Arrays.equals(a.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "RtAttr[type=" + type + ", value=" + HexFormat.of().formatHex(value) + "]";
    }
}
