package org.vrrpd.net.netlink;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A network interface as RTM_NEWLINK describes it: index, name, IFF_* flags, RFC 2863 operstate (IF_OPER_*),
 * hardware address (empty if the link has none) and MTU.
 */
public record Link(int ifindex, String name, int flags, int operState, byte[] mac, int mtu) {

    /** IF_OPER_* values from {@code <linux/if.h>}. */
    public static final int IF_OPER_UNKNOWN = 0;
    public static final int IF_OPER_DOWN = 2;
    public static final int IF_OPER_UP = 6;

    public Link {
        mac = mac == null ? new byte[0] : mac.clone();
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    /** IFF_UP: administratively up. */
    public boolean isUp() {
        return (flags & NetlinkConstants.IFF_UP) != 0;
    }

    /** IFF_RUNNING: operationally up (carrier present and operstate allows traffic). */
    public boolean isRunning() {
        return (flags & NetlinkConstants.IFF_RUNNING) != 0;
    }

    public String macString() {
        return HexFormat.ofDelimiter(":").formatHex(mac);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Link l && l.ifindex == ifindex && l.name.equals(name) && l.flags == flags
                && l.operState == operState && Arrays.equals(l.mac, mac) && l.mtu == mtu;
    }

    @Override
    public int hashCode() {
        return ifindex * 31 + name.hashCode();
    }

    @Override
    public String toString() {
        return "Link[" + ifindex + " " + name + " flags=0x" + Integer.toHexString(flags) + " operstate=" + operState
                + " mac=" + macString() + " mtu=" + mtu + "]";
    }
}
