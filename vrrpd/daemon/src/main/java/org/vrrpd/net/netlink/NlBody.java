package org.vrrpd.net.netlink;

/**
 * The payload of one netlink message, after its nlmsghdr. Which variant a message carries follows from its
 * type: link messages carry {@link IfInfoMsg}, address messages {@link IfAddrMsg}, NLMSG_ERROR (which is also
 * the ACK, with errno 0) {@link NlError}, NLMSG_DONE {@link NlDone}, anything else {@link NlRaw}.
 */
public sealed interface NlBody permits IfAddrMsg, IfInfoMsg, NlError, NlDone, NlRaw {
}
