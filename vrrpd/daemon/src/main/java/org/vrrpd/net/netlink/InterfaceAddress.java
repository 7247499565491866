package org.vrrpd.net.netlink;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.Addresses;

/**
 * An address on an interface, as the kernel lists it and as the daemon asks for it: interface index, address,
 * prefix length, optional IPv4 label (IFA_LABEL), scope (RT_SCOPE_*) and IFA_F_* flags.
 *
 * <p>{@link #vip} builds what the daemon adds for a virtual address: global scope and, for IPv6, IFA_F_NODAD so
 * the VIP is usable at once instead of sitting "tentative" for DAD (keepalived does the same).
 */
public record InterfaceAddress(int ifindex, InetAddress address, int prefixLength, Optional<String> label,
        int scope, int flags) {

    public InterfaceAddress {
        if (ifindex <= 0) {
            throw new IllegalArgumentException("ifindex must be positive: " + ifindex);
        }
        if (address == null) {
            throw new IllegalArgumentException("address is required");
        }
        int max = AddressFamily.of(address).maxPrefixLength();
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " outside 0.." + max);
        }
        label = label == null ? Optional.empty() : label;
        if (label.isPresent() && isIpv6(address)) {
            throw new IllegalArgumentException("labels exist only for IPv4 addresses");
        }
        IfAddrMsg.checkU8("scope", scope);
    }

    /** A VIP: global scope, no label, and IFA_F_NODAD for IPv6. */
    public static InterfaceAddress vip(int ifindex, InetAddress address, int prefixLength) {
        int flags = isIpv6(address) ? NetlinkConstants.IFA_F_NODAD : 0;
        return new InterfaceAddress(ifindex, address, prefixLength, Optional.empty(),
                NetlinkConstants.RT_SCOPE_UNIVERSE, flags);
    }

    public InterfaceAddress withLabel(String newLabel) {
        return new InterfaceAddress(ifindex, address, prefixLength, Optional.of(newLabel), scope, flags);
    }

    public InterfaceAddress withScope(int newScope) {
        return new InterfaceAddress(ifindex, address, prefixLength, label, newScope, flags);
    }

    public int family() {
        return AddressFamily.of(address).kernelNumber();
    }

    /** Same interface, address and prefix: the identity the kernel uses for EEXIST/EADDRNOTAVAIL. */
    public boolean sameAddress(InterfaceAddress other) {
        return ifindex == other.ifindex && address.equals(other.address) && prefixLength == other.prefixLength;
    }

    public boolean isLinkLocal() {
        return address.isLinkLocalAddress();
    }

    /** True if IFA_F_SECONDARY is set (an IPv4 address in the same subnet as an earlier one). */
    public boolean isSecondary() {
        return (flags & NetlinkConstants.IFA_F_SECONDARY) != 0;
    }

    /**
     * Checks an IPv4 label against the interface's name. The kernel keeps at most IFNAMSIZ-1 bytes and tools
     * (ip, ifconfig aliases) expect the label to be the interface name or start with "name:"; a label that does
     * not would make the address show up under the wrong device in ifconfig-style listings.
     *
     * @return empty if valid, else the reason
     */
    public static Optional<String> labelProblem(String label, String ifname) {
        if (label.isEmpty()) {
            return Optional.of("label is empty");
        }
        if (label.getBytes(StandardCharsets.UTF_8).length > NetlinkConstants.IFNAMSIZ - 1) {
            return Optional.of("label \"" + label + "\" is longer than " + (NetlinkConstants.IFNAMSIZ - 1)
                    + " bytes");
        }
        if (!label.equals(ifname) && !label.startsWith(ifname + ":")) {
            return Optional.of("label \"" + label + "\" must be \"" + ifname + "\" or start with \"" + ifname
                    + ":\"");
        }
        return Optional.empty();
    }

    private static boolean isIpv6(InetAddress a) {
        return a instanceof Inet6Address;
    }

    @Override
    public String toString() {
        return Addresses.text(address) + "/" + prefixLength + " ifindex " + ifindex
                + label.map(l -> " label " + l).orElse("") + " scope " + scope + " flags 0x"
                + Integer.toHexString(flags);
    }
}
