package org.vrrpd.net.netlink;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One entry of the kernel's neighbour table (ARP for IPv4, NDP for IPv6): which link-layer address an IP
 * address on an interface resolves to, and the entry's NUD state. A stepping-down router reads the new Active
 * router's MAC from here.
 *
 * @param linkLayerAddress NDA_LLADDR, empty if the kernel sent none (INCOMPLETE, FAILED)
 */
public record Neighbour(int ifindex, InetAddress address, int state, int flags, byte[] linkLayerAddress) {

    public static final int NUD_INCOMPLETE = 0x01;
    public static final int NUD_REACHABLE = 0x02;
    public static final int NUD_STALE = 0x04;
    public static final int NUD_DELAY = 0x08;
    public static final int NUD_PROBE = 0x10;
    public static final int NUD_FAILED = 0x20;
    public static final int NUD_NOARP = 0x40;
    public static final int NUD_PERMANENT = 0x80;
    /** The states in which the entry's link-layer address is one the kernel would use (NUD_VALID). */
    public static final int NUD_VALID = NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | NUD_STALE
            | NUD_DELAY;

    public Neighbour {
        linkLayerAddress = linkLayerAddress.clone();
    }

    @Override
    public byte[] linkLayerAddress() {
        return linkLayerAddress.clone();
    }

    /** The Ethernet address, if the entry is in a valid state and carries a six-byte link-layer address. */
    public Optional<byte[]> validEthernetAddress() {
        return (state & NUD_VALID) != 0 && linkLayerAddress.length == 6 ? Optional.of(linkLayerAddress.clone())
                : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Neighbour n && n.ifindex == ifindex && n.address.equals(address) && n.state == state
                && n.flags == flags && Arrays.equals(n.linkLayerAddress, linkLayerAddress);
    }

    @Override
    public int hashCode() {
        return ((ifindex * 31 + address.hashCode()) * 31 + state) * 31 + Arrays.hashCode(linkLayerAddress);
    }

    @Override
    public String toString() {
        return "Neighbour[" + address.getHostAddress() + " ifindex " + ifindex + " lladdr "
                + HexFormat.ofDelimiter(":").formatHex(linkLayerAddress) + " state 0x" + Integer.toHexString(state)
                + "]";
    }
}
