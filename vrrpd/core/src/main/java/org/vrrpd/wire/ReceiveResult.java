package org.vrrpd.wire;

import java.util.Optional;

/** The result of {@link ReceiveValidator#validate}: an {@link AcceptedAdvertisement} or a {@link Rejection}. */
public sealed interface ReceiveResult permits AcceptedAdvertisement, Rejection {

    /** The rejection, if this is one. */
    default Optional<Rejection> rejection() {
        return this instanceof Rejection r ? Optional.of(r) : Optional.empty();
    }

    /** The accepted advertisement, if this is one. */
    default Optional<AcceptedAdvertisement> accepted() {
        return this instanceof AcceptedAdvertisement a ? Optional.of(a) : Optional.empty();
    }
}
