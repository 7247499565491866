package org.vrrpd.net.netlink;


import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a route or rule message (RTM_NEWROUTE/RTM_DELROUTE: struct rtmsg; RTM_NEWRULE/RTM_DELRULE: struct
 * fib_rule_hdr, the same 12-byte layout): family, dst_len, src_len, tos, table, then protocol, scope and type for
 * a route (res1, res2 and action for a rule), and 32-bit flags; then attributes. Decoding never throws: bad input
 * gives a {@link Decoded.Rejected} with a reason and a counter name.
 */
public record RtMsg(int family, int dstLen, int srcLen, int tos, int table, int protocol, int scope, int type,
        int flags, List<RtAttr> attrs) {

    /** sizeof(struct rtmsg) = sizeof(struct fib_rule_hdr). */
    public static final int RTMSG_LEN = 12;
    public static final String COUNTER_TRUNCATED = "netlink.rx.route.truncated_body";
    public static final String COUNTER_BAD_ATTRIBUTE = "netlink.rx.route.bad_attribute";

    public RtMsg {
        for (int v : new int[] {family, dstLen, srcLen, tos, table, protocol, scope, type}) {
            if (v < 0 || v > 0xFF) {
                throw new IllegalArgumentException("rtmsg byte field out of range: " + v);
            }
        }
        attrs = List.copyOf(attrs);
    }

    /** What decoding one body gave. */
    public sealed interface Decoded {
        record Ok(RtMsg message) implements Decoded {
        }

        record Rejected(String reason, String counter) implements Decoded {
        }
    }

    /** The encoded body (the header, then each attribute padded to four bytes), host byte order. */
    public NlRaw body() {
        int len = RTMSG_LEN + RtAttr.encodedLength(attrs);
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.nativeOrder());
        b.put((byte) family).put((byte) dstLen).put((byte) srcLen).put((byte) tos).put((byte) table)
                .put((byte) protocol).put((byte) scope).put((byte) type).putInt(flags);
        RtAttr.encodeAll(b, attrs);
        return new NlRaw(b.array());
    }

    /** Decodes the payload of a route or rule message (what {@link NlRaw#payload()} holds for one). */
    public static Decoded decode(byte[] payload) {
        if (payload.length < RTMSG_LEN) {
            return new Decoded.Rejected("rtmsg of " + payload.length + " bytes, need " + RTMSG_LEN,
                    COUNTER_TRUNCATED);
        }
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder());
        int[] f = new int[8];
        for (int i = 0; i < f.length; i++) {
            f[i] = b.get() & 0xFF;
        }
        int flags = b.getInt();
        List<RtAttr> attrs = new ArrayList<>();
        String bad = RtAttr.decodeAll(b, 0xFFFF, attrs);
        if (bad != null) {
            return new Decoded.Rejected(bad, COUNTER_BAD_ATTRIBUTE);
        }
        return new Decoded.Ok(new RtMsg(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], flags, attrs));
    }
}
