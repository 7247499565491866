package org.vrrpd.net.nftables;

/**
 * The nfnetlink and nf_tables numbers vrrpd uses, from {@code linux/netfilter/nfnetlink.h} and
 * {@code linux/netfilter/nf_tables.h}. Every nf_tables attribute value is in network byte order.
 */
public final class NftConstants {

    private NftConstants() {
    }

    public static final int NETLINK_NETFILTER = 12;
    public static final int NFNETLINK_V0 = 0;
    public static final int NFNL_SUBSYS_NFTABLES = 10;
    /** NLMSG_MIN_TYPE: the batch markers that frame one nf_tables transaction. */
    public static final int NFNL_MSG_BATCH_BEGIN = 0x10;
    public static final int NFNL_MSG_BATCH_END = 0x11;
    /** NLM_F_APPEND: add the rule at the end of the chain. */
    public static final int NLM_F_APPEND = 0x800;

    // enum nf_tables_msg_types
    public static final int NFT_MSG_NEWTABLE = 0;
    public static final int NFT_MSG_DELTABLE = 2;
    public static final int NFT_MSG_NEWCHAIN = 3;
    public static final int NFT_MSG_NEWRULE = 6;
    public static final int NFT_MSG_NEWSET = 9;
    public static final int NFT_MSG_NEWSETELEM = 12;
    public static final int NFT_MSG_DELSETELEM = 14;
    public static final int NFT_MSG_NEWOBJ = 18;
    public static final int NFT_MSG_GETOBJ = 19;

    // netfilter families (NFPROTO_*)
    public static final int NFPROTO_UNSPEC = 0;
    public static final int NFPROTO_INET = 1;
    public static final int NFPROTO_IPV4 = 2;
    public static final int NFPROTO_IPV6 = 10;

    public static final int NF_INET_LOCAL_IN = 1;
    public static final int NF_DROP = 0;
    public static final int NF_ACCEPT = 1;

    public static final int NFTA_TABLE_NAME = 1;
    public static final int NFTA_TABLE_FLAGS = 2;

    public static final int NFTA_CHAIN_TABLE = 1;
    public static final int NFTA_CHAIN_NAME = 3;
    public static final int NFTA_CHAIN_HOOK = 4;
    public static final int NFTA_CHAIN_POLICY = 5;
    public static final int NFTA_CHAIN_TYPE = 7;
    public static final int NFTA_HOOK_HOOKNUM = 1;
    public static final int NFTA_HOOK_PRIORITY = 2;

    public static final int NFTA_SET_TABLE = 1;
    public static final int NFTA_SET_NAME = 2;
    public static final int NFTA_SET_FLAGS = 3;
    public static final int NFTA_SET_KEY_TYPE = 4;
    public static final int NFTA_SET_KEY_LEN = 5;
    public static final int NFTA_SET_ID = 10;

    public static final int NFTA_SET_ELEM_LIST_TABLE = 1;
    public static final int NFTA_SET_ELEM_LIST_SET = 2;
    public static final int NFTA_SET_ELEM_LIST_ELEMENTS = 3;
    public static final int NFTA_SET_ELEM_KEY = 1;
    public static final int NFTA_LIST_ELEM = 1;
    public static final int NFTA_DATA_VALUE = 1;
    public static final int NFTA_DATA_VERDICT = 2;
    public static final int NFTA_VERDICT_CODE = 1;

    public static final int NFTA_RULE_TABLE = 1;
    public static final int NFTA_RULE_CHAIN = 2;
    public static final int NFTA_RULE_EXPRESSIONS = 4;
    public static final int NFTA_EXPR_NAME = 1;
    public static final int NFTA_EXPR_DATA = 2;

    public static final int NFTA_META_DREG = 1;
    public static final int NFTA_META_KEY = 2;
    public static final int NFT_META_IIFNAME = 6;
    public static final int NFT_META_NFPROTO = 15;
    public static final int NFT_META_L4PROTO = 16;

    public static final int NFTA_PAYLOAD_DREG = 1;
    public static final int NFTA_PAYLOAD_BASE = 2;
    public static final int NFTA_PAYLOAD_OFFSET = 3;
    public static final int NFTA_PAYLOAD_LEN = 4;
    public static final int NFT_PAYLOAD_NETWORK_HEADER = 1;
    public static final int NFT_PAYLOAD_TRANSPORT_HEADER = 2;

    public static final int NFTA_CMP_SREG = 1;
    public static final int NFTA_CMP_OP = 2;
    public static final int NFTA_CMP_DATA = 3;
    public static final int NFT_CMP_EQ = 0;
    public static final int NFT_CMP_LTE = 3;
    public static final int NFT_CMP_GTE = 5;

    public static final int NFTA_LOOKUP_SET = 1;
    public static final int NFTA_LOOKUP_SREG = 2;
    public static final int NFTA_LOOKUP_SET_ID = 4;

    public static final int NFTA_IMMEDIATE_DREG = 1;
    public static final int NFTA_IMMEDIATE_DATA = 2;

    public static final int NFTA_OBJREF_IMM_TYPE = 1;
    public static final int NFTA_OBJREF_IMM_NAME = 2;

    public static final int NFTA_OBJ_TABLE = 1;
    public static final int NFTA_OBJ_NAME = 2;
    public static final int NFTA_OBJ_TYPE = 3;
    public static final int NFTA_OBJ_DATA = 4;
    public static final int NFT_OBJECT_COUNTER = 1;
    public static final int NFTA_COUNTER_BYTES = 1;
    public static final int NFTA_COUNTER_PACKETS = 2;

    public static final int NFT_REG_VERDICT = 0;
    /** The first 128-bit data register: wide enough for an IPv6 address or an interface name. */
    public static final int NFT_REG_1 = 1;

    /** nft's datatype numbers for set keys (TYPE_IPADDR, TYPE_IP6ADDR). */
    public static final int TYPE_IPADDR = 7;
    public static final int TYPE_IP6ADDR = 8;

    public static final int IPPROTO_ICMPV6 = 58;
    public static final int IPPROTO_VRRP = 112;
    public static final int IFNAMSIZ = 16;
}
