package org.vrrpd.net.netlink;

import java.net.InetAddress;

/**
 * A change the kernel announced on the RTMGRP_LINK / RTMGRP_IPV4_IFADDR / RTMGRP_IPV6_IFADDR groups, or
 * {@link ResyncNeeded} when the socket overran (ENOBUFS) and events were lost: the listener must then re-read
 * links and addresses with a dump.
 */
public sealed interface NetlinkEvent {

    /** RTM_NEWLINK: a link appeared or its flags/state changed. */
    record LinkChanged(int ifindex, String name, boolean up, boolean running) implements NetlinkEvent {
    }

    /** RTM_DELLINK: the interface is gone. */
    record LinkRemoved(int ifindex, String name) implements NetlinkEvent {
    }

    /** RTM_NEWADDR: an address was added (or its properties changed). */
    record AddressAdded(InterfaceAddress address) implements NetlinkEvent {
    }

    /** RTM_DELADDR: an address was removed, by us or by anyone else. */
    record AddressRemoved(int ifindex, InetAddress address, int prefixLength) implements NetlinkEvent {
    }

    /** The kernel dropped events (ENOBUFS); state must be re-read. */
    record ResyncNeeded(String reason) implements NetlinkEvent {
    }
}
