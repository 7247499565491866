package org.vrrpd.wire;

import java.util.Objects;
import java.util.Set;

/**
 * An advertisement that passed every §7.1 check for an instance, with the envelope it came in, the
 * checksum form it used, and the non-fatal observations to log and count.
 */
public record AcceptedAdvertisement(VrrpAdvertisement advertisement, IpEnvelope envelope,
        ChecksumMode checksumMode, Set<ReceiveObservation> observations) implements ReceiveResult {

    public AcceptedAdvertisement {
        Objects.requireNonNull(advertisement, "advertisement");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(checksumMode, "checksumMode");
        observations = Set.copyOf(observations);
    }

    /** Whether {@code o} was observed. */
    public boolean observed(ReceiveObservation o) {
        return observations.contains(o);
    }
}
