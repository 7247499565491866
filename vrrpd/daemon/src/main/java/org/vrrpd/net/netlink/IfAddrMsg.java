package org.vrrpd.net.netlink;

import java.util.List;

/**
 * struct ifaddrmsg (family, prefix length, flags, scope, interface index) followed by its attributes
 * (IFA_ADDRESS, IFA_LOCAL, IFA_LABEL, IFA_FLAGS, ...). Carried by RTM_NEWADDR, RTM_DELADDR and RTM_GETADDR.
 */
public record IfAddrMsg(int family, int prefixLength, int flags, int scope, int index, List<RtAttr> attrs)
        implements NlBody {

    public IfAddrMsg {
        checkU8("family", family);
        checkU8("prefixLength", prefixLength);
        checkU8("flags", flags);
        checkU8("scope", scope);
        attrs = List.copyOf(attrs);
    }

    static void checkU8(String name, int v) {
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException(name + " out of range 0..255: " + v);
        }
    }
}
