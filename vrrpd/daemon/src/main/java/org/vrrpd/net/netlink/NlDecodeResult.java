package org.vrrpd.net.netlink;

import java.util.List;

/**
 * The outcome of decoding one netlink datagram: every message in it, or a rejection with a readable reason and
 * a stable counter name. The decoder returns this instead of throwing on malformed input.
 */
public sealed interface NlDecodeResult {

    /** The datagram decoded into these messages, in order. */
    record Ok(List<NlMessage> messages) implements NlDecodeResult {
        public Ok {
            messages = List.copyOf(messages);
        }
    }

    /** The datagram was malformed; nothing from it should be used. */
    record Rejected(String reason, String counter) implements NlDecodeResult {
    }
}
