package org.vrrpd.net.nftables;

import static org.vrrpd.net.nftables.NftConstants.*;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.vrrpd.net.netlink.NetlinkConstants;
import org.vrrpd.net.netlink.NlMessage;
import org.vrrpd.net.netlink.NlRaw;
import org.vrrpd.net.netlink.RtAttr;

/**
 * Pure encoder of nf_tables transactions: NFNL_MSG_BATCH_BEGIN, one message per {@link NftOp} (each asking for an
 * ACK, sequence numbers counting up from {@code firstSeq + 1}), NFNL_MSG_BATCH_END. The batch markers carry
 * res_id NFNL_SUBSYS_NFTABLES so the kernel hands the batch to nf_tables.
 */
public final class NftBatch {

    private static final int REQUEST_ACK = NetlinkConstants.NLM_F_REQUEST | NetlinkConstants.NLM_F_ACK;

    private NftBatch() {
    }

    /** The datagram's messages; the op at index i has sequence number {@code firstSeq + 1 + i}. */
    public static List<NlMessage> encode(int family, List<NftOp> ops, int firstSeq) {
        List<NlMessage> out = new ArrayList<>(ops.size() + 2);
        out.add(marker(NFNL_MSG_BATCH_BEGIN, firstSeq));
        int seq = firstSeq;
        for (NftOp op : ops) {
            out.add(message(family, op, ++seq));
        }
        out.add(marker(NFNL_MSG_BATCH_END, ++seq));
        return out;
    }

    private static NlMessage marker(int type, int seq) {
        byte[] body = new NfgenMessage(NFPROTO_UNSPEC, NFNL_SUBSYS_NFTABLES, List.of()).encode();
        return new NlMessage(type, NetlinkConstants.NLM_F_REQUEST, seq, 0, new NlRaw(body));
    }

    /** The netlink type of an nf_tables message: subsystem in the high byte. */
    public static int type(int msg) {
        return (NFNL_SUBSYS_NFTABLES << 8) | msg;
    }

    static NlMessage message(int family, NftOp op, int seq) {
        int msg;
        int flags = REQUEST_ACK;
        List<RtAttr> attrs = new ArrayList<>();
        if (op instanceof NftOp.AddTable t) {
            msg = NFT_MSG_NEWTABLE;
            flags |= NetlinkConstants.NLM_F_CREATE;
            attrs.add(NftAttrs.string(NFTA_TABLE_NAME, t.table()));
            attrs.add(NftAttrs.be32(NFTA_TABLE_FLAGS, 0));
        } else if (op instanceof NftOp.DeleteTable t) {
            msg = NFT_MSG_DELTABLE;
            attrs.add(NftAttrs.string(NFTA_TABLE_NAME, t.table()));
        } else if (op instanceof NftOp.AddChain c) {
            msg = NFT_MSG_NEWCHAIN;
            flags |= NetlinkConstants.NLM_F_CREATE;
            attrs.add(NftAttrs.string(NFTA_CHAIN_TABLE, c.table()));
            attrs.add(NftAttrs.string(NFTA_CHAIN_NAME, c.chain()));
            attrs.add(NftAttrs.nest(NFTA_CHAIN_HOOK, NftAttrs.be32(NFTA_HOOK_HOOKNUM, c.hook()),
                    NftAttrs.be32(NFTA_HOOK_PRIORITY, c.priority())));
            attrs.add(NftAttrs.be32(NFTA_CHAIN_POLICY, NF_ACCEPT));
            attrs.add(NftAttrs.string(NFTA_CHAIN_TYPE, "filter"));
        } else if (op instanceof NftOp.AddSet s) {
            msg = NFT_MSG_NEWSET;
            flags |= NetlinkConstants.NLM_F_CREATE;
            attrs.add(NftAttrs.string(NFTA_SET_TABLE, s.table()));
            attrs.add(NftAttrs.string(NFTA_SET_NAME, s.set()));
            attrs.add(NftAttrs.be32(NFTA_SET_FLAGS, 0));
            attrs.add(NftAttrs.be32(NFTA_SET_KEY_TYPE, s.keyType()));
            attrs.add(NftAttrs.be32(NFTA_SET_KEY_LEN, s.keyLength()));
            attrs.add(NftAttrs.be32(NFTA_SET_ID, s.setId()));
        } else if (op instanceof NftOp.AddElements e) {
            msg = NFT_MSG_NEWSETELEM;
            flags |= NetlinkConstants.NLM_F_CREATE;
            attrs.addAll(elements(e.table(), e.set(), e.addresses()));
        } else if (op instanceof NftOp.DeleteElements e) {
            msg = NFT_MSG_DELSETELEM;
            attrs.addAll(elements(e.table(), e.set(), e.addresses()));
        } else if (op instanceof NftOp.AddCounter c) {
            msg = NFT_MSG_NEWOBJ;
            flags |= NetlinkConstants.NLM_F_CREATE;
            attrs.add(NftAttrs.string(NFTA_OBJ_TABLE, c.table()));
            attrs.add(NftAttrs.string(NFTA_OBJ_NAME, c.name()));
            attrs.add(NftAttrs.be32(NFTA_OBJ_TYPE, NFT_OBJECT_COUNTER));
            attrs.add(NftAttrs.nest(NFTA_OBJ_DATA, NftAttrs.be64(NFTA_COUNTER_BYTES, c.bytes()),
                    NftAttrs.be64(NFTA_COUNTER_PACKETS, c.packets())));
        } else {
            NftOp.AddRule r = (NftOp.AddRule) op;
            msg = NFT_MSG_NEWRULE;
            flags |= NetlinkConstants.NLM_F_CREATE | NLM_F_APPEND;
            attrs.add(NftAttrs.string(NFTA_RULE_TABLE, r.table()));
            attrs.add(NftAttrs.string(NFTA_RULE_CHAIN, r.chain()));
            attrs.add(NftAttrs.nest(NFTA_RULE_EXPRESSIONS, r.expressions().stream().map(NftExpr::toAttr).toList()));
        }
        return new NlMessage(type(msg), flags, seq, 0, new NlRaw(new NfgenMessage(family, 0, attrs).encode()));
    }

    private static List<RtAttr> elements(String table, String set, List<InetAddress> addresses) {
        List<RtAttr> elems = new ArrayList<>();
        for (InetAddress a : addresses) {
            elems.add(NftAttrs.nest(NFTA_LIST_ELEM,
                    NftAttrs.nest(NFTA_SET_ELEM_KEY, new RtAttr(NFTA_DATA_VALUE, a.getAddress()))));
        }
        return List.of(NftAttrs.string(NFTA_SET_ELEM_LIST_TABLE, table), NftAttrs.string(NFTA_SET_ELEM_LIST_SET, set),
                NftAttrs.nest(NFTA_SET_ELEM_LIST_ELEMENTS, elems));
    }

    /** NFT_MSG_GETOBJ for one named counter; the kernel answers with NFT_MSG_NEWOBJ, then the ACK. */
    public static NlMessage getCounter(int family, String table, String name, int seq) {
        List<RtAttr> attrs = List.of(NftAttrs.string(NFTA_OBJ_TABLE, table), NftAttrs.string(NFTA_OBJ_NAME, name),
                NftAttrs.be32(NFTA_OBJ_TYPE, NFT_OBJECT_COUNTER));
        return new NlMessage(type(NFT_MSG_GETOBJ), REQUEST_ACK, seq, 0,
                new NlRaw(new NfgenMessage(family, 0, attrs).encode()));
    }
}
