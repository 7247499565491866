package org.vrrpd.net.netlink;

/**
 * Numeric constants from {@code <linux/netlink.h>}, {@code <linux/rtnetlink.h>}, {@code <linux/if_addr.h>},
 * {@code <linux/if_link.h>} and {@code <linux/if.h>}, named as in the kernel headers so they can be looked up.
 */
public final class NetlinkConstants {
    private NetlinkConstants() {
    }

    // Address families and protocol. AF_INET/AF_INET6 are the wire.AddressFamily kernel numbers, kept here as
    // constants for the message layouts (IFLA_AF_SPEC nests by family); daemon code uses AddressFamily.
    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int NETLINK_ROUTE = 0;

    // Message types.
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_SETLINK = 19;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;

    // Header flags.
    public static final int NLM_F_REQUEST = 0x01;
    public static final int NLM_F_MULTI = 0x02;
    public static final int NLM_F_ACK = 0x04;
    public static final int NLM_F_ROOT = 0x100;
    public static final int NLM_F_MATCH = 0x200;
    public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    /** On NLMSG_ERROR: the echoed request was cut to its header (NETLINK_CAP_ACK). */
    public static final int NLM_F_CAPPED = 0x100;
    /** On NLMSG_ERROR: extended-ACK attributes follow (NETLINK_EXT_ACK). */
    public static final int NLM_F_ACK_TLVS = 0x200;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;

    // Multicast groups (legacy bitmask form used in sockaddr_nl.nl_groups).
    public static final int RTMGRP_LINK = 0x1;
    public static final int RTMGRP_IPV4_IFADDR = 0x10;
    public static final int RTMGRP_IPV6_IFADDR = 0x100;

    // ifaddrmsg attributes and flags.
    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;
    public static final int IFA_LABEL = 3;
    public static final int IFA_BROADCAST = 4;
    public static final int IFA_CACHEINFO = 6;
    public static final int IFA_FLAGS = 8;
    public static final int IFA_F_SECONDARY = 0x01;
    public static final int IFA_F_NODAD = 0x02;
    public static final int IFA_F_DADFAILED = 0x08;
    public static final int IFA_F_TENTATIVE = 0x40;
    public static final int IFA_F_PERMANENT = 0x80;

    // Address scopes (rtnetlink.h rt_scope_t).
    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_SITE = 200;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RT_SCOPE_HOST = 254;

    // ifinfomsg attributes.
    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_LINK = 5;
    public static final int IFLA_LINKINFO = 18;
    public static final int IFLA_AF_SPEC = 26;
    // IFLA_LINKINFO nested attributes, and IFLA_INFO_DATA of a macvlan.
    public static final int IFLA_INFO_KIND = 1;
    public static final int IFLA_INFO_DATA = 2;
    public static final int IFLA_MACVLAN_MODE = 1;
    public static final int MACVLAN_MODE_PRIVATE = 1;
    public static final int MACVLAN_MODE_VEPA = 2;
    public static final int MACVLAN_MODE_BRIDGE = 4;
    public static final int MACVLAN_MODE_PASSTHRU = 8;
    // IFLA_AF_SPEC: AF_INET carries IFLA_INET_CONF, AF_INET6 carries IFLA_INET6_ADDR_GEN_MODE.
    public static final int IFLA_INET_CONF = 1;
    public static final int IFLA_INET6_ADDR_GEN_MODE = 8;
    public static final int IN6_ADDR_GEN_MODE_EUI64 = 0;
    public static final int IN6_ADDR_GEN_MODE_NONE = 1;
    // IPV4_DEVCONF_* indexes (<linux/ip.h>): the per-interface net.ipv4.conf.IF.* settings.
    public static final int IPV4_DEVCONF_RP_FILTER = 8;
    public static final int IPV4_DEVCONF_ARPFILTER = 13;
    public static final int IPV4_DEVCONF_ARP_ANNOUNCE = 18;
    public static final int IPV4_DEVCONF_ARP_IGNORE = 19;
    public static final int IPV4_DEVCONF_PROMOTE_SECONDARIES = 20;
    public static final int IPV4_DEVCONF_ACCEPT_LOCAL = 23;
    /** Attribute type flag the kernel may set on nested attributes; masked off when reading types. */
    public static final int NLA_F_NESTED = 0x8000;
    public static final int NLA_TYPE_MASK = 0x3FFF;

    // Interface flags (net_device_flags).
    public static final int IFF_UP = 0x1;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_LOWER_UP = 0x10000;

    /** IFNAMSIZ including the terminating NUL. */
    public static final int IFNAMSIZ = 16;

    // errno values the daemon reacts to.
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EOPNOTSUPP = 95;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENOBUFS = 105;

    /** Size of struct nlmsghdr. */
    public static final int NLMSG_HDRLEN = 16;
    /** Size of struct ifaddrmsg. */
    public static final int IFADDRMSG_LEN = 8;
    /** Size of struct ifinfomsg. */
    public static final int IFINFOMSG_LEN = 16;
    /** Size of struct rtattr header. */
    public static final int RTA_HDRLEN = 4;

    /** NLMSG_ALIGN / RTA_ALIGN: round up to a multiple of four. */
    public static int align(int len) {
        return (len + 3) & ~3;
    }
}
