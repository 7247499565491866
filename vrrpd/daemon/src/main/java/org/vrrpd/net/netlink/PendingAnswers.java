package org.vrrpd.net.netlink;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@link LinuxRtnetlink#beginAddAddress} requests sent and not yet finished: those whose reply is still on the
 * socket, and the replies read (by another request, or by the finish) and kept until their ticket is finished.
 * Made with the {@link LinuxRtnetlink} (at start-up), so neither this class nor {@link AddressOp} is first loaded
 * by a takeover (~0.4 ms each from the JAR).
 */
final class PendingAnswers {

    private static final AddressOp LOADED_AT_START = new AddressOp("", null, "");

    /** Requests whose reply has not been read, by sequence number. */
    private final Map<Integer, AddressOp> unanswered = new HashMap<>();
    /** Replies read: {@link Boolean#TRUE} (done) or the {@link NetlinkException} the request ended in. */
    private final Map<Integer, Object> answers = new HashMap<>();

    void sent(int seq, AddressOp op) {
        unanswered.put(seq, op);
    }

    /** Whether a reply is still to be read from the socket. */
    boolean waiting() {
        return !unanswered.isEmpty();
    }

    /** A message read from the socket: kept if it is the reply to a pending request, ignored otherwise. */
    void offer(NlMessage m, NetlinkCalls.Checked libc) {
        AddressOp op = unanswered.get(m.seq());
        if (op != null && m.body() instanceof NlError e) {
            unanswered.remove(m.seq());
            answers.put(m.seq(), e.isAck() ? Boolean.TRUE
                    : new NetlinkException(op.toString(), e.errno(), libc.strerror(e.errno()), e.message()));
        }
    }

    /** Takes the reply to {@code ticket}: returns if the request was done, throws what it ended in otherwise. */
    void take(int ticket) throws NetlinkException {
        Object answer = answers.remove(ticket);
        if (answer == null) {
            throw new NetlinkException("no address request " + ticket + " has been answered");
        }
        if (answer instanceof NetlinkException e) {
            throw e;
        }
    }
}
