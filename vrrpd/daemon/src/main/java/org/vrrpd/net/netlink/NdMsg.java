package org.vrrpd.net.netlink;


import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a neighbour message (RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH): struct ndmsg (family, ifindex,
 * NUD state, NTF flags, route type; 12 bytes) followed by attributes. {@link NetlinkCodec} carries these bodies
 * as {@link NlRaw}; {@link #body()} and {@link #decode(byte[])} convert, so neighbour support needs no change to
 * the shared framing code. Decoding never throws: bad input gives a {@link Decoded.Rejected} with a reason and a
 * counter name.
 */
public record NdMsg(int family, int ifindex, int state, int flags, int type, List<RtAttr> attrs) {

    /** sizeof(struct ndmsg). */
    public static final int NDMSG_LEN = 12;
    public static final String COUNTER_TRUNCATED = "netlink.rx.neigh.truncated_body";
    public static final String COUNTER_BAD_ATTRIBUTE = "netlink.rx.neigh.bad_attribute";

    public NdMsg {
        if (family < 0 || family > 0xFF || state < 0 || state > 0xFFFF || flags < 0 || flags > 0xFF
                || type < 0 || type > 0xFF) {
            throw new IllegalArgumentException("ndmsg field out of range: family " + family + ", state " + state
                    + ", flags " + flags + ", type " + type);
        }
        attrs = List.copyOf(attrs);
    }

    /** What decoding one ndmsg body gave. */
    public sealed interface Decoded {
        record Ok(NdMsg message) implements Decoded {
        }

        record Rejected(String reason, String counter) implements Decoded {
        }
    }

    /** The encoded body (ndmsg, then each attribute padded to four bytes), host byte order. */
    public NlRaw body() {
        int len = NDMSG_LEN + RtAttr.encodedLength(attrs);
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.nativeOrder());
        b.put((byte) family).put((byte) 0).putShort((short) 0).putInt(ifindex).putShort((short) state)
                .put((byte) flags).put((byte) type);
        RtAttr.encodeAll(b, attrs);
        return new NlRaw(b.array());
    }

    /** Decodes the payload of a neighbour message (what {@link NlRaw#payload()} holds for one). */
    public static Decoded decode(byte[] payload) {
        if (payload.length < NDMSG_LEN) {
            return new Decoded.Rejected("ndmsg of " + payload.length + " bytes, need " + NDMSG_LEN,
                    COUNTER_TRUNCATED);
        }
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder());
        int family = b.get() & 0xFF;
        b.get();
        b.getShort();
        int ifindex = b.getInt();
        int state = b.getShort() & 0xFFFF;
        int flags = b.get() & 0xFF;
        int type = b.get() & 0xFF;
        List<RtAttr> attrs = new ArrayList<>();
        String bad = RtAttr.decodeAll(b, 0xFFFF, attrs);
        if (bad != null) {
            return new Decoded.Rejected(bad, COUNTER_BAD_ATTRIBUTE);
        }
        return new Decoded.Ok(new NdMsg(family, ifindex, state, flags, type, attrs));
    }
}
