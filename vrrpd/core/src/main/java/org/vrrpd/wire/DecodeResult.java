package org.vrrpd.wire;

import java.util.Optional;

/**
 * The result of {@link VrrpCodec#decode}: a structurally valid, checksum-correct
 * {@link DecodedAdvertisement}, or a {@link Rejection}.
 */
public sealed interface DecodeResult permits DecodedAdvertisement, Rejection {

    /** The rejection, if this is one. */
    default Optional<Rejection> rejection() {
        return this instanceof Rejection r ? Optional.of(r) : Optional.empty();
    }

    /** The decoded advertisement, if this is one. */
    default Optional<DecodedAdvertisement> decoded() {
        return this instanceof DecodedAdvertisement d ? Optional.of(d) : Optional.empty();
    }
}
