package org.vrrpd.net.netlink;

import java.util.List;
import java.util.Optional;

/**
 * NLMSG_ERROR: the kernel's answer to a request. {@code errno} is positive (the kernel sends it negated);
 * 0 means success, i.e. this is the ACK asked for with NLM_F_ACK. The header of the request it answers is kept
 * so replies can be matched by sequence number. {@code extAck} holds the extended-ACK attributes
 * (NLMSGERR_ATTR_*) the kernel appends when NETLINK_EXT_ACK is on and the message carries NLM_F_ACK_TLVS;
 * the codec encodes them only after a capped request header (NLM_F_CAPPED).
 */
public record NlError(int errno, NlMessage.Header request, List<RtAttr> extAck) implements NlBody {

    /** NLMSGERR_ATTR_MSG: a human-readable reason, e.g. "ipv4: Invalid prefix length". */
    public static final int NLMSGERR_ATTR_MSG = 1;

    public NlError {
        extAck = List.copyOf(extAck);
    }

    public NlError(int errno, NlMessage.Header request) {
        this(errno, request, List.of());
    }

    public boolean isAck() {
        return errno == 0;
    }

    /** The kernel's extended-ACK text, if it sent one. */
    public Optional<String> message() {
        return RtAttr.find(extAck, NLMSGERR_ATTR_MSG).map(RtAttr::asString).filter(s -> !s.isEmpty());
    }
}
