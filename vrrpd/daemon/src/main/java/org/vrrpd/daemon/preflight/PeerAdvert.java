package org.vrrpd.daemon.preflight;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vrrpd.wire.AcceptedAdvertisement;
import org.vrrpd.wire.ChecksumMode;
import org.vrrpd.wire.DecodedAdvertisement;
import org.vrrpd.wire.InternetChecksum;
import org.vrrpd.wire.IpEnvelope;
import org.vrrpd.wire.ReceiveResult;
import org.vrrpd.wire.Rejection;
import org.vrrpd.wire.RejectReason;
import org.vrrpd.wire.VrrpAdvertisement;
import org.vrrpd.wire.VrrpCodec;

/**
 * One advert heard on the segment, as the census keeps it: the fields it carried and, when the receive path
 * dropped it, why. Adverts with a wrong checksum are read all the same (their fields are what the peer sends;
 * {@code checksum} is then empty).
 *
 * @param source     the IP source address
 * @param advert     the decoded advertisement
 * @param checksum   the checksum form it used, empty when the checksum was wrong
 * @param dropReason the receive path's drop reason ({@link RejectReason#counterName()}), empty when accepted
 */
public record PeerAdvert(InetAddress source, VrrpAdvertisement advert, Optional<ChecksumMode> checksum,
        Optional<String> dropReason) {

    private static final int CHECKSUM_OFFSET = 6;

    public PeerAdvert {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(advert, "advert");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(dropReason, "dropReason");
    }

    /**
     * What the census learns from one packet and the receive path's verdict on it; empty when the bytes are not
     * a VRRP advert at all (too short, bad type, count 0, ...), which the drop counters already show.
     */
    public static Optional<PeerAdvert> of(IpEnvelope envelope, byte[] payload, ReceiveResult verdict) {
        if (verdict instanceof AcceptedAdvertisement a) {
            return Optional.of(new PeerAdvert(envelope.source(), a.advertisement(), Optional.of(a.checksumMode()),
                    Optional.empty()));
        }
        Rejection r = (Rejection) verdict;
        Optional<String> reason = Optional.of(r.counterName());
        if (VrrpCodec.decode(envelope, payload) instanceof DecodedAdvertisement d) {
            return Optional.of(new PeerAdvert(envelope.source(), d.advertisement(), Optional.of(d.checksumMode()),
                    reason));
        }
        if (r.reason() == RejectReason.CHECKSUM_ERROR) {
            return withChecksumRepaired(envelope, payload)
                    .map(ad -> new PeerAdvert(envelope.source(), ad, Optional.empty(), reason));
        }
        return Optional.empty();
    }

    /** The advert read with its checksum field replaced by a correct one: its fields, whatever the sum was. */
    private static Optional<VrrpAdvertisement> withChecksumRepaired(IpEnvelope envelope, byte[] payload) {
        if (payload == null || payload.length < VrrpCodec.HEADER_LENGTH) {
            return Optional.empty();
        }
        byte[] copy = payload.clone();
        copy[CHECKSUM_OFFSET] = 0;
        copy[CHECKSUM_OFFSET + 1] = 0;
        int sum = InternetChecksum.compute(copy, 0, copy.length, ChecksumMode.PSEUDO_HEADER, envelope.source(),
                envelope.destination());
        if (((copy[0] >>> 4) & 0x0F) == 2) {
            sum = InternetChecksum.compute(copy, 0, copy.length, ChecksumMode.MESSAGE_ONLY, envelope.source(),
                    envelope.destination());
        }
        copy[CHECKSUM_OFFSET] = (byte) (sum >>> 8);
        copy[CHECKSUM_OFFSET + 1] = (byte) sum;
        return VrrpCodec.decode(envelope, copy).decoded().map(DecodedAdvertisement::advertisement);
    }

    public int vrid() {
        return advert.vrid();
    }

    public int priority() {
        return advert.priority();
    }

    public List<InetAddress> addresses() {
        return advert.addresses();
    }
}
