package org.vrrpd.net.nftables;

import static org.vrrpd.net.nftables.NftConstants.*;

import java.util.List;
import java.util.Optional;
import org.vrrpd.net.netlink.RtAttr;

/** A counter object's values, as NFT_MSG_NEWOBJ reports them in NFTA_OBJ_DATA. */
public record NftCounter(long packets, long bytes) {

    public static final String COUNTER_NOT_A_COUNTER = "nftables.rx.not_a_counter";

    /** Reads the counter out of a decoded NEWOBJ reply; a reply of another shape is rejected. */
    public static NftDecodeResult<NftCounter> from(NfgenMessage obj) {
        Optional<Integer> type = NftAttrs.find(obj.attrs(), NFTA_OBJ_TYPE).flatMap(NftAttrs::asBe32);
        if (type.isEmpty() || type.get() != NFT_OBJECT_COUNTER) {
            return rejected("object type " + type.map(String::valueOf).orElse("missing") + " is not a counter");
        }
        Optional<List<RtAttr>> data = NftAttrs.find(obj.attrs(), NFTA_OBJ_DATA).flatMap(RtAttr::children);
        if (data.isEmpty()) {
            return rejected("NFTA_OBJ_DATA missing or malformed");
        }
        Optional<Long> packets = NftAttrs.find(data.get(), NFTA_COUNTER_PACKETS).flatMap(NftAttrs::asBe64);
        Optional<Long> bytes = NftAttrs.find(data.get(), NFTA_COUNTER_BYTES).flatMap(NftAttrs::asBe64);
        if (packets.isEmpty() || bytes.isEmpty()) {
            return rejected("counter without 64-bit packets and bytes");
        }
        return new NftDecodeResult.Ok<>(new NftCounter(packets.get(), bytes.get()));
    }

    /** Encodes this counter as a NEWOBJ body, the shape {@link #from} reads (for tests and the fake). */
    public NfgenMessage toObject(int family, String table, String name) {
        return new NfgenMessage(family, 0, List.of(NftAttrs.string(NFTA_OBJ_TABLE, table),
                NftAttrs.string(NFTA_OBJ_NAME, name), NftAttrs.be32(NFTA_OBJ_TYPE, NFT_OBJECT_COUNTER),
                NftAttrs.nest(NFTA_OBJ_DATA, NftAttrs.be64(NFTA_COUNTER_BYTES, bytes),
                        NftAttrs.be64(NFTA_COUNTER_PACKETS, packets))));
    }

    private static NftDecodeResult<NftCounter> rejected(String reason) {
        return new NftDecodeResult.Rejected<>(reason, COUNTER_NOT_A_COUNTER);
    }
}
