package org.vrrpd.wire;

import java.util.Optional;

/** The result of {@link Ipv4Header#parse}: an {@link Ipv4Datagram} or a {@link Rejection}. */
public sealed interface Ipv4ParseResult permits Ipv4Datagram, Rejection {

    /** The rejection, if this is one. */
    default Optional<Rejection> rejection() {
        return this instanceof Rejection r ? Optional.of(r) : Optional.empty();
    }

    /** The parsed datagram, if this is one. */
    default Optional<Ipv4Datagram> datagram() {
        return this instanceof Ipv4Datagram d ? Optional.of(d) : Optional.empty();
    }
}
