package org.vrrpd.wire;

import java.util.Objects;

/** An advertisement that passed the structural and checksum checks, with the checksum form it used. */
public record DecodedAdvertisement(VrrpAdvertisement advertisement, ChecksumMode checksumMode)
        implements DecodeResult {

    public DecodedAdvertisement {
        Objects.requireNonNull(advertisement, "advertisement");
        Objects.requireNonNull(checksumMode, "checksumMode");
    }
}
