package org.vrrpd.net.netlink;

import java.util.List;

/**
 * struct ifinfomsg (family, device type, interface index, IFF_* flags, change mask) followed by its attributes
 * (IFLA_IFNAME, IFLA_ADDRESS, IFLA_MTU, IFLA_OPERSTATE, ...). Carried by RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK.
 */
public record IfInfoMsg(int family, int deviceType, int index, int flags, int change, List<RtAttr> attrs)
        implements NlBody {

    public IfInfoMsg {
        IfAddrMsg.checkU8("family", family);
        if (deviceType < 0 || deviceType > 0xFFFF) {
            throw new IllegalArgumentException("deviceType out of range 0..65535: " + deviceType);
        }
        attrs = List.copyOf(attrs);
    }
}
