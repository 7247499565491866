package org.vrrpd.net.netlink;

/**
 * NLMSG_ERROR: the kernel's answer to a request. {@code errno} is positive (the kernel sends it negated);
 * 0 means success, i.e. this is the ACK asked for with NLM_F_ACK. The header of the request it answers is kept
 * so replies can be matched by sequence number.
 */
public record NlError(int errno, NlMessage.Header request) implements NlBody {

    public boolean isAck() {
        return errno == 0;
    }
}
