package org.vrrpd.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.net.nftables.NftConstants.*;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.net.nftables.NftCounter;
import org.vrrpd.net.nftables.NftExpr;
import org.vrrpd.net.nftables.NftOp;
import org.vrrpd.wire.AddressFamily;

class FilterRulesetTest {

    private static final NftCounter ZERO = new NftCounter(0, 0);

    private static List<NftOp.AddRule> rules(List<NftOp> ops) {
        return ops.stream().filter(o -> o instanceof NftOp.AddRule).map(o -> (NftOp.AddRule) o).toList();
    }

    @Test
    void table_shouldStartByReplacingAnyTableOfItsName_inOneTransaction() {
        List<NftOp> ops = FilterRuleset.table(false, List.of(), List.of(), ZERO, ZERO);
        assertEquals(List.of(new NftOp.AddTable("vrrpd"), new NftOp.DeleteTable("vrrpd"), new NftOp.AddTable("vrrpd")),
                ops.subList(0, 3));
        assertTrue(ops.contains(new NftOp.AddChain("vrrpd", "input", NF_INET_LOCAL_IN, -10)));
    }

    @Test
    void withoutGuard_shouldHaveTheNdExceptionThenTheTwoVipDrops() {
        List<NftOp.AddRule> rules = rules(FilterRuleset.table(false, List.of(), List.of(), ZERO, ZERO));
        assertEquals(3, rules.size());
        assertEquals(new NftExpr.Verdict(NF_ACCEPT), last(rules.get(0)), "neighbour discovery first");
        assertTrue(rules.get(1).expressions().contains(new NftExpr.Lookup("vips4", 1, NFT_REG_1)));
        assertTrue(rules.get(2).expressions().contains(new NftExpr.Lookup("vips6", 2, NFT_REG_1)));
        assertTrue(rules.get(1).expressions().contains(new NftExpr.Payload(NFT_PAYLOAD_NETWORK_HEADER, 16, 4,
                NFT_REG_1)), "ip daddr");
        assertTrue(rules.get(2).expressions().contains(new NftExpr.Payload(NFT_PAYLOAD_NETWORK_HEADER, 24, 16,
                NFT_REG_1)), "ip6 daddr");
        assertEquals(new NftExpr.Verdict(NF_DROP), last(rules.get(1)));
    }

    @Test
    void guard_shouldAcceptPeersThenDropAndCountEveryOtherVrrpPacket() throws Exception {
        InetAddress peer = InetAddress.getByName("192.0.2.2");
        List<NftOp.AddRule> rules = rules(FilterRuleset.table(true,
                List.of(new GuardRule(AddressFamily.IPV4, "eth0", List.of(peer))), List.of(), ZERO, ZERO));
        NftOp.AddRule admit = rules.get(0);
        assertTrue(admit.expressions().contains(new NftExpr.Cmp(NFT_REG_1, NFT_CMP_EQ, peer.getAddress())));
        assertTrue(admit.expressions().contains(new NftExpr.Cmp(NFT_REG_1, NFT_CMP_EQ, FilterRuleset.ifname("eth0"))));
        assertTrue(admit.expressions().contains(new NftExpr.Payload(NFT_PAYLOAD_NETWORK_HEADER, 12, 4, NFT_REG_1)),
                "ip saddr");
        assertEquals(new NftExpr.Verdict(NF_ACCEPT), last(admit));
        NftOp.AddRule drop = rules.get(1);
        assertEquals(List.of(new NftExpr.Meta(NFT_META_L4PROTO, NFT_REG_1),
                new NftExpr.Cmp(NFT_REG_1, NFT_CMP_EQ, new byte[] {(byte) 112}),
                new NftExpr.CounterRef("vrrp_guard_drops"), new NftExpr.Verdict(NF_DROP)), drop.expressions());
    }

    @Test
    void guard_forAMulticastInterface_shouldAdmitOnlyTtl255() {
        List<NftOp.AddRule> rules = rules(FilterRuleset.table(true,
                List.of(new GuardRule(AddressFamily.IPV6, "eth1", List.of())), List.of(), ZERO, ZERO));
        List<NftExpr> admit = rules.get(0).expressions();
        assertTrue(admit.contains(new NftExpr.Payload(NFT_PAYLOAD_NETWORK_HEADER, 7, 1, NFT_REG_1)), "ip6 hoplimit");
        assertEquals(new NftExpr.Cmp(NFT_REG_1, NFT_CMP_EQ, new byte[] {(byte) 255}), admit.get(admit.size() - 2));
    }

    @Test
    void ifname_isNulPaddedToIfnamsiz() {
        byte[] b = FilterRuleset.ifname("eth0");
        assertEquals(16, b.length);
        assertEquals(0, b[4]);
    }

    @Test
    void members_shouldGoToTheSetOfTheirFamily_andCountersStartFromTheCarriedValues() throws Exception {
        InetAddress v4 = InetAddress.getByName("192.0.2.100");
        InetAddress v6 = InetAddress.getByName("2001:db8::100");
        List<NftOp> ops = FilterRuleset.table(false, List.of(), List.of(v4, v6), new NftCounter(5, 500), ZERO);
        assertTrue(ops.contains(new NftOp.AddElements("vrrpd", "vips4", List.of(v4))));
        assertTrue(ops.contains(new NftOp.AddElements("vrrpd", "vips6", List.of(v6))));
        assertTrue(ops.contains(new NftOp.AddCounter("vrrpd", "vrrp_guard_drops", 5, 500)));
        assertEquals(List.of(new NftOp.DeleteElements("vrrpd", "vips6", List.of(v6))),
                FilterRuleset.removeMembers(List.of(v6)));
    }

    private static NftExpr last(NftOp.AddRule r) {
        return r.expressions().get(r.expressions().size() - 1);
    }
}
