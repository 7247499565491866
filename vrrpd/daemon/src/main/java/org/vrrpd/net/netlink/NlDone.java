package org.vrrpd.net.netlink;

/** NLMSG_DONE: the end of a multi-part dump. {@code status} is the dump's result, 0 or a negative errno. */
public record NlDone(int status) implements NlBody {
}
