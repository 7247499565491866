package org.vrrpd.net.nftables;

import static org.vrrpd.net.nftables.NftConstants.*;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.vrrpd.net.netlink.RtAttr;

/**
 * The nf_tables expressions vrrpd's rules are made of, each encoded as one NFTA_LIST_ELEM holding
 * NFTA_EXPR_NAME and NFTA_EXPR_DATA (as libnftnl's {@code expr/*.c} write them).
 */
public sealed interface NftExpr {

    /** The expression as an element of NFTA_RULE_EXPRESSIONS. */
    RtAttr toAttr();

    private static RtAttr element(String name, List<RtAttr> data) {
        return NftAttrs.nest(NFTA_LIST_ELEM, NftAttrs.string(NFTA_EXPR_NAME, name), NftAttrs.nest(NFTA_EXPR_DATA, data));
    }

    /** {@code meta KEY}: loads a packet property (NFT_META_*) into a register. */
    record Meta(int key, int dreg) implements NftExpr {
        @Override
        public RtAttr toAttr() {
            return element("meta", List.of(NftAttrs.be32(NFTA_META_DREG, dreg), NftAttrs.be32(NFTA_META_KEY, key)));
        }
    }

    /** Loads {@code len} bytes at {@code offset} from a header base (NFT_PAYLOAD_*) into a register. */
    record Payload(int base, int offset, int len, int dreg) implements NftExpr {
        @Override
        public RtAttr toAttr() {
            return element("payload", List.of(NftAttrs.be32(NFTA_PAYLOAD_DREG, dreg),
                    NftAttrs.be32(NFTA_PAYLOAD_BASE, base), NftAttrs.be32(NFTA_PAYLOAD_OFFSET, offset),
                    NftAttrs.be32(NFTA_PAYLOAD_LEN, len)));
        }
    }

    /** Compares a register with {@code data} (NFT_CMP_*); the rule stops here when it does not hold. */
    record Cmp(int sreg, int op, byte[] data) implements NftExpr {
        public Cmp {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public RtAttr toAttr() {
            return element("cmp", List.of(NftAttrs.be32(NFTA_CMP_SREG, sreg), NftAttrs.be32(NFTA_CMP_OP, op),
                    NftAttrs.nest(NFTA_CMP_DATA, new RtAttr(NFTA_DATA_VALUE, data))));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cmp c && c.sreg == sreg && c.op == op && Arrays.equals(c.data, data);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * sreg + op) + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Cmp[sreg=" + sreg + ", op=" + op + ", data=" + HexFormat.of().formatHex(data) + "]";
        }
    }

    /** Matches when the register's value is an element of the named set. */
    record Lookup(String set, int setId, int sreg) implements NftExpr {
        @Override
        public RtAttr toAttr() {
            return element("lookup", List.of(NftAttrs.string(NFTA_LOOKUP_SET, set),
                    NftAttrs.be32(NFTA_LOOKUP_SREG, sreg), NftAttrs.be32(NFTA_LOOKUP_SET_ID, setId)));
        }
    }

    /** Sends the packet through a named counter object of the table. */
    record CounterRef(String name) implements NftExpr {
        @Override
        public RtAttr toAttr() {
            return element("objref", List.of(NftAttrs.be32(NFTA_OBJREF_IMM_TYPE, NFT_OBJECT_COUNTER),
                    NftAttrs.string(NFTA_OBJREF_IMM_NAME, name)));
        }
    }

    /** Ends the rule with a verdict (NF_DROP, NF_ACCEPT) written to the verdict register. */
    record Verdict(int code) implements NftExpr {
        @Override
        public RtAttr toAttr() {
            return element("immediate", List.of(NftAttrs.be32(NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT),
                    NftAttrs.nest(NFTA_IMMEDIATE_DATA, NftAttrs.nest(NFTA_DATA_VERDICT,
                            NftAttrs.be32(NFTA_VERDICT_CODE, code)))));
        }
    }
}
