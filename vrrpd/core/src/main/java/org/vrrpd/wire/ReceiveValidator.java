package org.vrrpd.wire;

import java.net.InetAddress;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Receive validation of one advertisement for one instance, in the order of RFC 9568 §7.1 (v3) and
 * RFC 3768 §7.1 (v2), with the RFC 9568 errata (count 0 ignored, interval 0 rejected, IPv6 first address
 * link-local, family matching the IP header). Stateless and pure; never throws on bad bytes. A count of 0 is
 * dropped only by an instance that has VIPs: an instance without VIPs sends and accepts adverts without
 * addresses, as keepalived does for a {@code vrrp_instance} without {@code virtual_ipaddress}.
 *
 * <p>Drops: TTL/hop limit ≠ 255 (multicast only), unknown unicast peer, family differing from the instance or
 * between source and destination, everything {@link VrrpCodec#decode} rejects, a version other than the
 * instance's, another VRID, (v2) auth type mismatch, (v2) simple password mismatch, (v2) interval mismatch. Accepted with an
 * observation: address list differs from the configured VIPs, (v3) interval differs, we are the owner.
 */
public final class ReceiveValidator {

    /** TTL / hop limit every VRRP packet must carry when multicast (RFC 9568 §5.1.1.3, §5.1.2.3). */
    public static final int REQUIRED_TTL = 255;

    private ReceiveValidator() {
    }

    /** Validates a whole payload. */
    public static ReceiveResult validate(IpEnvelope envelope, byte[] payload, ReceiveExpectations expected) {
        if (payload == null) {
            return new Rejection(RejectReason.PACKET_TOO_SHORT, "no payload");
        }
        return validate(envelope, payload, 0, payload.length, expected);
    }

    /** Validates {@code length} bytes of {@code buf} from {@code offset}. */
    public static ReceiveResult validate(IpEnvelope envelope, byte[] buf, int offset, int length,
            ReceiveExpectations expected) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(expected, "expected");
        if (!expected.unicast() && envelope.ttl() != REQUIRED_TTL) {
            return new Rejection(RejectReason.TTL_ERROR, (envelope.isIpv6() ? "hop limit " : "TTL ")
                    + envelope.ttl() + " from " + Addresses.text(envelope.source()) + ", must be 255");
        }
        if (expected.unicast() && !expected.allowedPeers().isEmpty()
                && !expected.allowedPeers().contains(envelope.source())) {
            return new Rejection(RejectReason.UNKNOWN_PEER, "unicast source "
                    + Addresses.text(envelope.source()) + " is not a configured peer");
        }
        AddressFamily family = AddressFamily.of(envelope.source());
        if (family != expected.family()) {
            return new Rejection(RejectReason.FAMILY_MISMATCH, "received over " + family + ", instance is "
                    + expected.family());
        }
        DecodeResult decoded = VrrpCodec.decode(envelope, buf, offset, length);
        if (decoded instanceof Rejection r) {
            return r;
        }
        DecodedAdvertisement d = (DecodedAdvertisement) decoded;
        VrrpAdvertisement ad = d.advertisement();
        if (ad.version() != expected.version()) {
            return new Rejection(RejectReason.BAD_VERSION, "VRRPv" + ad.version() + " advert for a v"
                    + expected.version() + " instance");
        }
        if (ad.vrid() != expected.vrid()) {
            return new Rejection(RejectReason.VRID_MISMATCH, "VRID " + ad.vrid() + ", instance is "
                    + expected.vrid());
        }
        if (ad.count() == 0 && !expected.virtualAddresses().isEmpty()) {
            return new Rejection(RejectReason.COUNT_ZERO, "Count IPvX Addrs is 0 (RFC 9568 erratum: ignore)");
        }
        if (ad.version() == 2 && !expected.authentication().accepts(ad.authentication())) {
            int received = ad.authentication().type();
            return received == expected.authentication().type()
                    ? new Rejection(RejectReason.AUTH_PASSWORD_MISMATCH, "auth type " + received
                            + " with a different password")
                    : new Rejection(RejectReason.AUTH_MISMATCH, "auth type " + received + ", configured "
                            + expected.authentication().type());
        }
        if (ad.version() == 2 && ad.maxAdverIntervalCentis() != expected.localAdverIntervalCentis()) {
            return new Rejection(RejectReason.INTERVAL_MISMATCH_V2, "advert interval " + ad.maxAdverInterval()
                    + " s, configured " + expected.localAdverIntervalCentis() / 100.0 + " s (RFC 3768 §7.1)");
        }
        Set<ReceiveObservation> observations = EnumSet.noneOf(ReceiveObservation.class);
        if (!sameAddresses(ad, expected)) {
            observations.add(ReceiveObservation.ADDRESS_LIST_MISMATCH);
        }
        if (ad.version() == 3 && ad.maxAdverInterval() != expected.localAdverIntervalCentis()) {
            observations.add(ReceiveObservation.INTERVAL_MISMATCH);
        }
        if (expected.localIsOwner()) {
            observations.add(ReceiveObservation.OWNER_RECEIVED_ADVERT);
        }
        return new AcceptedAdvertisement(ad, envelope, d.checksumMode(), observations);
    }

    /** Count and address set equal to the configured VIPs (order is not significant). */
    private static boolean sameAddresses(VrrpAdvertisement ad, ReceiveExpectations expected) {
        if (ad.count() != expected.virtualAddresses().size()) {
            return false;
        }
        Set<InetAddress> advertised = new HashSet<>(ad.addresses());
        return advertised.equals(new HashSet<>(expected.virtualAddresses()));
    }
}
