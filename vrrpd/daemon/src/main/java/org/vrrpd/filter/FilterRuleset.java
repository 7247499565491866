package org.vrrpd.filter;

import static org.vrrpd.net.nftables.NftConstants.*;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.vrrpd.net.nftables.NftCounter;
import org.vrrpd.net.nftables.NftExpr;
import org.vrrpd.net.nftables.NftOp;
import org.vrrpd.wire.AddressFamily;

/**
 * vrrpd's own nf_tables table, {@code inet vrrpd}, as a pure list of operations. In {@code nft} terms:
 *
 * <pre>
 * table inet vrrpd {
 *   counter vrrp_guard_drops {}
 *   counter accept_mode_drops {}
 *   set vips4 { type ipv4_addr; }
 *   set vips6 { type ipv6_addr; }
 *   chain input {
 *     type filter hook input priority -10; policy accept;
 *     # with vrrp_guard, per (family, interface): from each unicast peer, or (multicast) any on-link source
 *     meta nfproto ipv4 meta l4proto 112 iifname "eth0" ip saddr 192.0.2.2 accept
 *     meta nfproto ipv4 meta l4proto 112 iifname "eth1" ip ttl 255 accept
 *     meta l4proto 112 counter name "vrrp_guard_drops" drop
 *     # Accept_Mode false: neighbour discovery still reaches the VIPs, nothing else does
 *     meta nfproto ipv6 meta l4proto ipv6-icmp icmpv6 type 135-136 accept
 *     meta nfproto ipv4 ip daddr @vips4 counter name "accept_mode_drops" drop
 *     meta nfproto ipv6 ip6 daddr @vips6 counter name "accept_mode_drops" drop
 *   }
 * }
 * </pre>
 *
 * The sets hold the VIPs of non-owner instances with {@code accept_mode: false} while those VIPs are on the host.
 * ARP is not IP and never reaches an {@code inet} chain. The table is replaced whole in one transaction
 * (add, delete, add: a stale table from a killed run goes too), so there is no moment without it.
 */
public final class FilterRuleset {

    public static final String TABLE = "vrrpd";
    public static final String CHAIN = "input";
    public static final String SET4 = "vips4";
    public static final String SET6 = "vips6";
    public static final String GUARD_COUNTER = "vrrp_guard_drops";
    public static final String ACCEPT_COUNTER = "accept_mode_drops";
    /** Before the usual filter chains (priority 0) so an operator's accept rule cannot undo the drop. */
    public static final int PRIORITY = -10;
    private static final int SET4_ID = 1;
    private static final int SET6_ID = 2;
    private static final int ND_SOLICIT = 135;
    private static final int ND_ADVERT = 136;

    private FilterRuleset() {
    }

    /**
     * The whole table: replaces any table of that name, with the guard when {@code guard} is present, the VIPs
     * in {@code members} in the sets, and the counters starting from the values carried over from the last table.
     */
    public static List<NftOp> table(boolean guardOn, List<GuardRule> guard, Collection<InetAddress> members,
            NftCounter guardDrops, NftCounter acceptDrops) {
        List<NftOp> ops = new ArrayList<>();
        ops.add(new NftOp.AddTable(TABLE));
        ops.add(new NftOp.DeleteTable(TABLE));
        ops.add(new NftOp.AddTable(TABLE));
        ops.add(new NftOp.AddCounter(TABLE, GUARD_COUNTER, guardDrops.packets(), guardDrops.bytes()));
        ops.add(new NftOp.AddCounter(TABLE, ACCEPT_COUNTER, acceptDrops.packets(), acceptDrops.bytes()));
        ops.add(new NftOp.AddSet(TABLE, SET4, SET4_ID, TYPE_IPADDR, 4));
        ops.add(new NftOp.AddSet(TABLE, SET6, SET6_ID, TYPE_IP6ADDR, 16));
        ops.add(new NftOp.AddChain(TABLE, CHAIN, NF_INET_LOCAL_IN, PRIORITY));
        if (guardOn) {
            for (GuardRule g : guard) {
                if (g.anySource()) {
                    // multicast: any router on the link, but only on-link (TTL / hop limit 255, RFC 9568 §7.1)
                    List<NftExpr> e = vrrpOn(g);
                    boolean v4 = g.family() == AddressFamily.IPV4;
                    e.add(new NftExpr.Payload(NFT_PAYLOAD_NETWORK_HEADER, v4 ? 8 : 7, 1, NFT_REG_1));
                    e.add(equalsByte(255));
                    ops.add(rule(e, new NftExpr.Verdict(NF_ACCEPT)));
                }
                for (InetAddress peer : g.peers()) {
                    List<NftExpr> e = vrrpOn(g);
                    e.addAll(address(peer, true));
                    ops.add(rule(e, new NftExpr.Verdict(NF_ACCEPT)));
                }
            }
            ops.add(rule(new ArrayList<>(List.of(meta(NFT_META_L4PROTO), equalsByte(IPPROTO_VRRP),
                    new NftExpr.CounterRef(GUARD_COUNTER))), new NftExpr.Verdict(NF_DROP)));
        }
        ops.add(rule(new ArrayList<>(List.of(meta(NFT_META_NFPROTO), equalsByte(NFPROTO_IPV6),
                meta(NFT_META_L4PROTO), equalsByte(IPPROTO_ICMPV6),
                new NftExpr.Payload(NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1, NFT_REG_1),
                new NftExpr.Cmp(NFT_REG_1, NFT_CMP_GTE, new byte[] {(byte) ND_SOLICIT}),
                new NftExpr.Cmp(NFT_REG_1, NFT_CMP_LTE, new byte[] {(byte) ND_ADVERT}))), new NftExpr.Verdict(NF_ACCEPT)));
        ops.add(vipDrop(AddressFamily.IPV4));
        ops.add(vipDrop(AddressFamily.IPV6));
        ops.addAll(addMembers(members));
        return ops;
    }

    /** Adds VIPs to the sets (no op for an empty list). */
    public static List<NftOp> addMembers(Collection<InetAddress> vips) {
        List<NftOp> ops = new ArrayList<>();
        List<InetAddress> v4 = family(vips, true);
        List<InetAddress> v6 = family(vips, false);
        if (!v4.isEmpty()) {
            ops.add(new NftOp.AddElements(TABLE, SET4, v4));
        }
        if (!v6.isEmpty()) {
            ops.add(new NftOp.AddElements(TABLE, SET6, v6));
        }
        return ops;
    }

    /** Removes VIPs from the sets. */
    public static List<NftOp> removeMembers(Collection<InetAddress> vips) {
        List<NftOp> ops = new ArrayList<>();
        List<InetAddress> v4 = family(vips, true);
        List<InetAddress> v6 = family(vips, false);
        if (!v4.isEmpty()) {
            ops.add(new NftOp.DeleteElements(TABLE, SET4, v4));
        }
        if (!v6.isEmpty()) {
            ops.add(new NftOp.DeleteElements(TABLE, SET6, v6));
        }
        return ops;
    }

    /** The IPv4 ({@code v4}) or IPv6 ones; a loop, not a stream: this runs at a takeover, often interpreted. */
    private static List<InetAddress> family(Collection<InetAddress> vips, boolean v4) {
        List<InetAddress> out = new ArrayList<>(vips.size());
        for (InetAddress a : vips) {
            if ((a instanceof Inet4Address) == v4) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    private static NftOp vipDrop(AddressFamily family) {
        boolean v4 = family == AddressFamily.IPV4;
        List<NftExpr> e = new ArrayList<>(List.of(meta(NFT_META_NFPROTO), equalsByte(v4 ? NFPROTO_IPV4 : NFPROTO_IPV6),
                new NftExpr.Payload(NFT_PAYLOAD_NETWORK_HEADER, v4 ? 16 : 24, v4 ? 4 : 16, NFT_REG_1),
                new NftExpr.Lookup(v4 ? SET4 : SET6, v4 ? SET4_ID : SET6_ID, NFT_REG_1),
                new NftExpr.CounterRef(ACCEPT_COUNTER)));
        return rule(e, new NftExpr.Verdict(NF_DROP));
    }

    /** {@code meta nfproto F meta l4proto 112 iifname NAME}. */
    private static List<NftExpr> vrrpOn(GuardRule g) {
        return new ArrayList<>(List.of(meta(NFT_META_NFPROTO),
                equalsByte(g.family() == AddressFamily.IPV4 ? NFPROTO_IPV4 : NFPROTO_IPV6),
                meta(NFT_META_L4PROTO), equalsByte(IPPROTO_VRRP), meta(NFT_META_IIFNAME),
                new NftExpr.Cmp(NFT_REG_1, NFT_CMP_EQ, ifname(g.interfaceName()))));
    }

    /** {@code ip saddr A} / {@code ip6 saddr A} (or daddr). */
    private static List<NftExpr> address(InetAddress a, boolean source) {
        boolean v4 = a instanceof Inet4Address;
        int offset = v4 ? (source ? 12 : 16) : (source ? 8 : 24);
        return List.of(new NftExpr.Payload(NFT_PAYLOAD_NETWORK_HEADER, offset, v4 ? 4 : 16, NFT_REG_1),
                new NftExpr.Cmp(NFT_REG_1, NFT_CMP_EQ, a.getAddress()));
    }

    /** An interface name as iifname compares it: NUL-padded to IFNAMSIZ. */
    static byte[] ifname(String name) {
        return Arrays.copyOf(name.getBytes(StandardCharsets.UTF_8), IFNAMSIZ);
    }

    private static NftExpr meta(int key) {
        return new NftExpr.Meta(key, NFT_REG_1);
    }

    private static NftExpr equalsByte(int v) {
        return new NftExpr.Cmp(NFT_REG_1, NFT_CMP_EQ, new byte[] {(byte) v});
    }

    private static NftOp rule(List<NftExpr> expressions, NftExpr verdict) {
        List<NftExpr> all = new ArrayList<>(expressions);
        all.add(verdict);
        return new NftOp.AddRule(TABLE, CHAIN, all);
    }
}
