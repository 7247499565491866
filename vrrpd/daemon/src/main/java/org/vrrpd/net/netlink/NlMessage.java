package org.vrrpd.net.netlink;

/**
 * One netlink message: struct nlmsghdr's type, flags, sequence number and port id, plus a typed body. The
 * length field is not stored; the codec computes it when encoding.
 */
public record NlMessage(int type, int flags, int seq, int pid, NlBody body) {

    public NlMessage {
        if (type < 0 || type > 0xFFFF) {
            throw new IllegalArgumentException("nlmsg_type out of range: " + type);
        }
        if (flags < 0 || flags > 0xFFFF) {
            throw new IllegalArgumentException("nlmsg_flags out of range: " + flags);
        }
        if (body == null) {
            throw new IllegalArgumentException("body is required");
        }
    }

    /** A raw struct nlmsghdr as found inside NLMSG_ERROR, length included. */
    public record Header(int length, int type, int flags, int seq, int pid) {
        public Header {
            if (type < 0 || type > 0xFFFF || flags < 0 || flags > 0xFFFF) {
                throw new IllegalArgumentException("nlmsghdr type/flags out of 16-bit range");
            }
        }
    }

    public boolean isMultipart() {
        return (flags & NetlinkConstants.NLM_F_MULTI) != 0;
    }
}
