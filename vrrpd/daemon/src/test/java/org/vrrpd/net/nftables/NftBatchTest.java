package org.vrrpd.net.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.net.nftables.NftConstants.*;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.net.netlink.NetlinkConstants;
import org.vrrpd.net.netlink.NlMessage;
import org.vrrpd.net.netlink.NlRaw;
import org.vrrpd.net.netlink.RtAttr;

class NftBatchTest {

    private static NfgenMessage body(NlMessage m) {
        return ((NftDecodeResult.Ok<NfgenMessage>) NfgenMessage.decode(((NlRaw) m.body()).payload())).value();
    }

    private static String string(NfgenMessage m, int type) {
        return NftAttrs.find(m.attrs(), type).orElseThrow().asString();
    }

    @Test
    void encode_framesTheOpsWithBatchBeginAndEnd_forTheNftablesSubsystem() {
        List<NlMessage> batch = NftBatch.encode(NFPROTO_INET,
                List.of(new NftOp.AddTable("vrrpd"), new NftOp.DeleteTable("vrrpd")), 100);
        assertEquals(4, batch.size());
        assertEquals(NFNL_MSG_BATCH_BEGIN, batch.get(0).type());
        assertEquals(NFNL_MSG_BATCH_END, batch.get(3).type());
        for (NlMessage marker : List.of(batch.get(0), batch.get(3))) {
            assertEquals(NFNL_SUBSYS_NFTABLES, body(marker).resId());
            assertEquals(NFPROTO_UNSPEC, body(marker).family());
        }
        assertEquals(List.of(100, 101, 102, 103), batch.stream().map(NlMessage::seq).toList());
    }

    @Test
    void addTable_isNewtableWithCreateAndAck_namingTheTable() {
        NlMessage m = NftBatch.encode(NFPROTO_INET, List.of(new NftOp.AddTable("vrrpd")), 0).get(1);
        assertEquals(0x0a00 | NFT_MSG_NEWTABLE, m.type());
        int want = NetlinkConstants.NLM_F_REQUEST | NetlinkConstants.NLM_F_ACK | NetlinkConstants.NLM_F_CREATE;
        assertEquals(want, m.flags());
        assertEquals(NFPROTO_INET, body(m).family());
        assertEquals("vrrpd", string(body(m), NFTA_TABLE_NAME));
    }

    @Test
    void deleteTable_hasNoCreateFlag() {
        NlMessage m = NftBatch.encode(NFPROTO_INET, List.of(new NftOp.DeleteTable("vrrpd")), 0).get(1);
        assertEquals(0x0a00 | NFT_MSG_DELTABLE, m.type());
        assertEquals(NetlinkConstants.NLM_F_REQUEST | NetlinkConstants.NLM_F_ACK, m.flags());
    }

    @Test
    void addChain_isAnInputBaseChain_withHookAndPriorityInNetworkOrder() {
        NlMessage m = NftBatch.encode(NFPROTO_INET, List.of(new NftOp.AddChain("vrrpd", "input", NF_INET_LOCAL_IN,
                -10)), 0).get(1);
        NfgenMessage b = body(m);
        List<RtAttr> hook = NftAttrs.find(b.attrs(), NFTA_CHAIN_HOOK).orElseThrow().children().orElseThrow();
        assertEquals(NF_INET_LOCAL_IN, NftAttrs.asBe32(NftAttrs.find(hook, NFTA_HOOK_HOOKNUM).orElseThrow()).get());
        assertEquals(-10, NftAttrs.asBe32(NftAttrs.find(hook, NFTA_HOOK_PRIORITY).orElseThrow()).get());
        assertEquals("filter", string(b, NFTA_CHAIN_TYPE));
        assertEquals(NF_ACCEPT, NftAttrs.asBe32(NftAttrs.find(b.attrs(), NFTA_CHAIN_POLICY).orElseThrow()).get());
    }

    @Test
    void addElements_nestsEachAddressAsAKeyValue() throws Exception {
        InetAddress vip = InetAddress.getByName("192.0.2.100");
        NlMessage m = NftBatch.encode(NFPROTO_INET, List.of(new NftOp.AddElements("vrrpd", "vips4", List.of(vip))),
                0).get(1);
        NfgenMessage b = body(m);
        assertEquals("vips4", string(b, NFTA_SET_ELEM_LIST_SET));
        RtAttr elem = NftAttrs.find(b.attrs(), NFTA_SET_ELEM_LIST_ELEMENTS).orElseThrow().children().orElseThrow()
                .get(0);
        RtAttr key = elem.children().orElseThrow().get(0);
        RtAttr value = key.children().orElseThrow().get(0);
        assertEquals(NFTA_DATA_VALUE, value.type());
        assertEquals(List.of((byte) 192, (byte) 0, (byte) 2, (byte) 100), List.of(value.value()[0], value.value()[1],
                value.value()[2], value.value()[3]));
    }

    @Test
    void addRule_appendsExpressionsInOrder_eachNamed() {
        NftOp rule = new NftOp.AddRule("vrrpd", "input", List.of(new NftExpr.Meta(NFT_META_L4PROTO, NFT_REG_1),
                new NftExpr.Cmp(NFT_REG_1, NFT_CMP_EQ, new byte[] {112}), new NftExpr.CounterRef("c"),
                new NftExpr.Verdict(NF_DROP)));
        NlMessage m = NftBatch.encode(NFPROTO_INET, List.of(rule), 0).get(1);
        assertTrue((m.flags() & NLM_F_APPEND) != 0);
        List<RtAttr> exprs = NftAttrs.find(body(m).attrs(), NFTA_RULE_EXPRESSIONS).orElseThrow().children()
                .orElseThrow();
        assertEquals(List.of("meta", "cmp", "objref", "immediate"), exprs.stream()
                .map(e -> NftAttrs.find(e.children().orElseThrow(), NFTA_EXPR_NAME).orElseThrow().asString())
                .toList());
    }

    @Test
    void verdict_isNestedTwiceInTheImmediateData() {
        RtAttr data = NftAttrs.find(new NftExpr.Verdict(NF_DROP).toAttr().children().orElseThrow(), NFTA_EXPR_DATA)
                .orElseThrow();
        RtAttr imm = NftAttrs.find(data.children().orElseThrow(), NFTA_IMMEDIATE_DATA).orElseThrow();
        RtAttr verdict = NftAttrs.find(imm.children().orElseThrow(), NFTA_DATA_VERDICT).orElseThrow();
        assertEquals(NF_DROP, NftAttrs.asBe32(NftAttrs.find(verdict.children().orElseThrow(), NFTA_VERDICT_CODE)
                .orElseThrow()).get());
    }

    @Test
    void getCounter_asksForTheNamedCounterObject() {
        NlMessage m = NftBatch.getCounter(NFPROTO_INET, "vrrpd", "vrrp_guard_drops", 9);
        assertEquals(0x0a00 | NFT_MSG_GETOBJ, m.type());
        assertEquals("vrrp_guard_drops", string(body(m), NFTA_OBJ_NAME));
        assertEquals(NFT_OBJECT_COUNTER, NftAttrs.asBe32(NftAttrs.find(body(m).attrs(), NFTA_OBJ_TYPE).orElseThrow())
                .get());
    }
}
