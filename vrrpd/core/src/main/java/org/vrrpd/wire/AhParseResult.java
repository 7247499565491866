package org.vrrpd.wire;

import java.util.Optional;

/** The result of {@link IpsecAh#open}: an authenticated {@link AhDatagram} or a {@link Rejection}. */
public sealed interface AhParseResult permits AhDatagram, Rejection {

    /** The rejection, if this is one. */
    default Optional<Rejection> rejection() {
        return this instanceof Rejection r ? Optional.of(r) : Optional.empty();
    }

    /** The authenticated datagram, if this is one. */
    default Optional<AhDatagram> authenticated() {
        return this instanceof AhDatagram d ? Optional.of(d) : Optional.empty();
    }
}
