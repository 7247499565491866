package org.vrrpd.net.nftables;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import org.vrrpd.net.netlink.NetlinkConstants;
import org.vrrpd.net.netlink.RtAttr;

/**
 * Attribute helpers for nf_tables, whose numbers travel in network byte order (unlike rtnetlink's host order),
 * and a parser for attribute runs that reports bad input instead of throwing.
 */
public final class NftAttrs {

    private NftAttrs() {
    }

    public static RtAttr be32(int type, int v) {
        return new RtAttr(type, ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(v).array());
    }

    public static RtAttr be64(int type, long v) {
        return new RtAttr(type, ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(v).array());
    }

    public static RtAttr string(int type, String s) {
        return RtAttr.ofString(type, s);
    }

    /** A nested attribute flagged NLA_F_NESTED, as libmnl writes them. */
    public static RtAttr nest(int type, List<RtAttr> children) {
        return RtAttr.nested(type | NetlinkConstants.NLA_F_NESTED, children);
    }

    public static RtAttr nest(int type, RtAttr... children) {
        return nest(type, List.of(children));
    }

    /** The first attribute whose type (flags masked off) is {@code type}. */
    public static Optional<RtAttr> find(List<RtAttr> attrs, int type) {
        for (RtAttr a : attrs) {
            if ((a.type() & NetlinkConstants.NLA_TYPE_MASK) == type) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public static Optional<Long> asBe64(RtAttr a) {
        byte[] v = a.value();
        return v.length != 8 ? Optional.empty() : Optional.of(ByteBuffer.wrap(v).order(ByteOrder.BIG_ENDIAN).getLong());
    }

    public static Optional<Integer> asBe32(RtAttr a) {
        byte[] v = a.value();
        return v.length != 4 ? Optional.empty() : Optional.of(ByteBuffer.wrap(v).order(ByteOrder.BIG_ENDIAN).getInt());
    }

    /** Parses {@code buf}'s remaining bytes as attributes (types kept with their flags), or empty if malformed. */
    static Optional<List<RtAttr>> parse(ByteBuffer buf) {
        return RtAttr.parse(buf, 0xFFFF);
    }
}
