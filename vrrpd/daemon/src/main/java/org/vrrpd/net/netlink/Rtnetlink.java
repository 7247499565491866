package org.vrrpd.net.netlink;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the daemon needs from the kernel's routing socket: add and remove VIPs, list addresses and links, find
 * an interface's primary IPv4 and IPv6 link-local source address, and follow link/address changes. Implemented
 * by {@link LinuxRtnetlink} (real netlink, never the {@code ip} command) and by an in-memory fake in tests.
 *
 * <p>Errors are {@link NetlinkException}s carrying errno and strerror text; an unknown ifindex fails with
 * ENODEV "No such device".
 */
public interface Rtnetlink extends AutoCloseable {

    /**
     * Adds an address. Idempotent: if the interface already has this address, nothing changes and the result
     * is {@code false} (the kernel's EEXIST is absorbed; label, scope and flags of the existing address are left
     * as they are). "Already has" follows the kernel: for IPv4 the same address with the same prefix length (the
     * same address with another prefix length is a second, separate entry); for IPv6 the same address with any
     * prefix length. An IPv4 label must be the interface name or start with
     * "name:" and be at most 15 bytes, else EINVAL before anything is sent.
     *
     * @return true if the address was added
     */
    boolean addAddress(InterfaceAddress address) throws NetlinkException;

    /**
     * {@link #addAddress} in two halves, so that a takeover's gratuitous ARP does not wait for the kernel's answer:
     * the address is on the interface when this returns (the kernel handles a netlink request within the sender's
     * system call), and {@link #finishAddAddress} with the returned ticket gives what {@link #addAddress} would
     * have (true, false for "already there", or its exception). The label is checked here, before anything is
     * sent. Other requests may come in between: they read the pending answers first and keep them. Every ticket
     * must be finished.
     */
    int beginAddAddress(InterfaceAddress address) throws NetlinkException;

    /** The answer to a {@link #beginAddAddress}; waits for it if the kernel's reply has not been read yet. */
    boolean finishAddAddress(int ticket) throws NetlinkException;

    /**
     * Removes an address, matched by address and prefix length. Idempotent: removing an address that is not
     * there returns {@code false} (the kernel's EADDRNOTAVAIL is absorbed), so shutdown and "remove stale VIPs
     * at start" need no pre-check. An unknown ifindex is still an error (ENODEV).
     *
     * @return true if the address was removed
     */
    boolean removeAddress(InterfaceAddress address) throws NetlinkException;

    /** Addresses on one interface (or all, if empty) of one family (AF_INET, AF_INET6, or AF_UNSPEC for both). */
    List<InterfaceAddress> addresses(OptionalInt ifindex, int family) throws NetlinkException;

    default List<InterfaceAddress> addresses(int ifindex) throws NetlinkException {
        return addresses(OptionalInt.of(ifindex), NetlinkConstants.AF_UNSPEC);
    }

    /** One link by index; ENODEV if there is none. */
    Link link(int ifindex) throws NetlinkException;

    /** One link by name; ENODEV if there is none. */
    Link link(String name) throws NetlinkException;

    List<Link> links() throws NetlinkException;

    default int ifindex(String name) throws NetlinkException {
        return link(name).ifindex();
    }

    /**
     * The interface's primary IPv4 address (the first one that is not IFA_F_SECONDARY), which VRRP uses as the
     * advert source (RFC 9568 §5.1.1.1). ENODEV if the interface does not exist.
     */
    default Optional<InterfaceAddress> primaryIpv4(int ifindex) throws NetlinkException {
        link(ifindex);
        return addresses(OptionalInt.of(ifindex), NetlinkConstants.AF_INET).stream()
                .filter(a -> !a.isSecondary()).findFirst();
    }

    /**
     * The interface's usable IPv6 link-local address (fe80::/10, not tentative or DAD-failed), the IPv6 advert
     * source (RFC 9568 §5.1.2.1). ENODEV if the interface does not exist.
     */
    default Optional<InterfaceAddress> ipv6LinkLocal(int ifindex) throws NetlinkException {
        link(ifindex);
        int unusable = NetlinkConstants.IFA_F_TENTATIVE | NetlinkConstants.IFA_F_DADFAILED;
        return addresses(OptionalInt.of(ifindex), NetlinkConstants.AF_INET6).stream()
                .filter(a -> a.isLinkLocal() && (a.flags() & unusable) == 0).findFirst();
    }

    /**
     * Creates a macvlan link {@code name} on {@code parentIfindex} with the given MAC and IFLA_MACVLAN_MODE, down;
     * returns its ifindex. EEXIST if a link of that name exists, ENODEV if the parent does not, EINVAL for a name
     * longer than 15 bytes (checked before anything is sent).
     */
    int createMacvlan(String name, int parentIfindex, byte[] mac, int mode) throws NetlinkException;

    /** The macvlan details of a link, or empty if the link is not a macvlan; ENODEV if there is no such link. */
    Optional<Macvlan> macvlan(int ifindex) throws NetlinkException;

    /** Sets or clears IFF_UP, like {@code ip link set IF up|down}; ENODEV if there is no such link. */
    void setLinkUp(int ifindex, boolean up) throws NetlinkException;

    /**
     * Deletes a link. Idempotent: a link that is not there gives {@code false} (ENODEV absorbed).
     *
     * @return true if the link was deleted
     */
    boolean deleteLink(int ifindex) throws NetlinkException;

    /**
     * The link's IPv4 per-interface settings (net.ipv4.conf.IF.*), keyed by IPV4_DEVCONF_* index (see
     * {@link NetlinkConstants#IPV4_DEVCONF_ARP_IGNORE} and neighbours); empty if the link has no IPv4 settings.
     */
    Map<Integer, Integer> ipv4DevConf(int ifindex) throws NetlinkException;

    /** Sets some of the link's IPv4 per-interface settings (IFLA_INET_CONF; needs CAP_NET_ADMIN only). */
    void setIpv4DevConf(int ifindex, Map<Integer, Integer> values) throws NetlinkException;

    /**
     * Sets the link's IPv6 address generation mode; {@link NetlinkConstants#IN6_ADDR_GEN_MODE_NONE} keeps the kernel
     * from giving it a link-local address when it comes up.
     */
    void setIpv6AddrGenMode(int ifindex, int mode) throws NetlinkException;

    /**
     * Adds a route (RTM_NEWROUTE). Idempotent: a route that is there already gives {@code false} (EEXIST
     * absorbed); ENODEV for an unknown output interface.
     */
    boolean addRoute(Route route) throws NetlinkException;

    /** Removes a route (RTM_DELROUTE). Idempotent: a route that is not there gives {@code false} (ESRCH absorbed). */
    boolean removeRoute(Route route) throws NetlinkException;

    /** Adds a policy rule (RTM_NEWRULE). Idempotent: an equal rule gives {@code false} (EEXIST absorbed). */
    boolean addRule(Rule rule) throws NetlinkException;

    /** Removes a policy rule (RTM_DELRULE). Idempotent: a missing rule gives {@code false} (ENOENT absorbed). */
    boolean removeRule(Rule rule) throws NetlinkException;

    /** Starts receiving link and IPv4/IPv6 address events. */
    NetlinkSubscription subscribe() throws NetlinkException;

    @Override
    void close() throws NetlinkException;
}
