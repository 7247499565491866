package org.vrrpd.net.netlink;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A macvlan link as RTM_NEWLINK describes it: its index and name, its parent (IFLA_LINK), its hardware address and
 * its IFLA_MACVLAN_MODE (MACVLAN_MODE_PRIVATE, _VEPA, _BRIDGE, _PASSTHRU). A VRRP virtual MAC lives on one.
 */
public record Macvlan(int ifindex, String name, int parentIfindex, byte[] mac, int mode) {

    public Macvlan {
        mac = mac == null ? new byte[0] : mac.clone();
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    public String macString() {
        return HexFormat.ofDelimiter(":").formatHex(mac);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Macvlan m && m.ifindex == ifindex && m.name.equals(name)
                && m.parentIfindex == parentIfindex && Arrays.equals(m.mac, mac) && m.mode == mode;
    }

    @Override
    public int hashCode() {
        return ifindex * 31 + name.hashCode();
    }

    @Override
    public String toString() {
        return "Macvlan[" + ifindex + " " + name + " parent=" + parentIfindex + " mac=" + macString() + " mode="
                + mode + "]";
    }
}
