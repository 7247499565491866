package org.vrrpd.net.nftables;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import org.vrrpd.net.netlink.NetlinkConstants;
import org.vrrpd.net.netlink.RtAttr;

/**
 * The body of an nfnetlink message: struct nfgenmsg (family, version NFNETLINK_V0, resource id in network
 * order) followed by attributes. The netlink header around it is {@link org.vrrpd.net.netlink.NlMessage}'s.
 */
public record NfgenMessage(int family, int resId, List<RtAttr> attrs) {

    public static final int NFGENMSG_LEN = 4;
    public static final String COUNTER_TRUNCATED = "nftables.rx.truncated_nfgenmsg";
    public static final String COUNTER_BAD_VERSION = "nftables.rx.bad_version";
    public static final String COUNTER_BAD_ATTRIBUTE = "nftables.rx.bad_attribute";

    public NfgenMessage {
        if (family < 0 || family > 0xFF) {
            throw new IllegalArgumentException("nfgen_family out of range: " + family);
        }
        if (resId < 0 || resId > 0xFFFF) {
            throw new IllegalArgumentException("res_id out of range: " + resId);
        }
        attrs = List.copyOf(attrs);
    }

    public byte[] encode() {
        int n = NFGENMSG_LEN;
        for (RtAttr a : attrs) {
            n += NetlinkConstants.align(a.length());
        }
        ByteBuffer buf = ByteBuffer.allocate(n).order(ByteOrder.nativeOrder());
        buf.put((byte) family).put((byte) NftConstants.NFNETLINK_V0);
        buf.order(ByteOrder.BIG_ENDIAN).putShort((short) resId).order(ByteOrder.nativeOrder());
        for (RtAttr a : attrs) {
            int start = buf.position();
            buf.putShort((short) a.length()).putShort((short) a.type()).put(a.value());
            buf.position(start + NetlinkConstants.align(a.length()));
        }
        return buf.array();
    }

    public static NftDecodeResult<NfgenMessage> decode(byte[] body) {
        if (body.length < NFGENMSG_LEN) {
            return new NftDecodeResult.Rejected<>("nfgenmsg of " + body.length + " bytes, need 4", COUNTER_TRUNCATED);
        }
        ByteBuffer buf = ByteBuffer.wrap(body).order(ByteOrder.nativeOrder());
        int family = buf.get() & 0xFF;
        int version = buf.get() & 0xFF;
        if (version != NftConstants.NFNETLINK_V0) {
            return new NftDecodeResult.Rejected<>("nfgenmsg version " + version + " is not NFNETLINK_V0",
                    COUNTER_BAD_VERSION);
        }
        int resId = buf.order(ByteOrder.BIG_ENDIAN).getShort() & 0xFFFF;
        Optional<List<RtAttr>> attrs = NftAttrs.parse(buf.order(ByteOrder.nativeOrder()));
        if (attrs.isEmpty()) {
            return new NftDecodeResult.Rejected<>("attributes overrun the " + body.length + "-byte message",
                    COUNTER_BAD_ATTRIBUTE);
        }
        return new NftDecodeResult.Ok<>(new NfgenMessage(family, resId, attrs.get()));
    }
}
