package org.vrrpd.daemon.instance;

import java.net.InetAddress;
import java.util.Optional;
import org.vrrpd.daemon.loop.RateLimitedLog;
import org.vrrpd.wire.AcceptedAdvertisement;
import org.vrrpd.wire.Addresses;
import org.vrrpd.wire.AhDatagram;
import org.vrrpd.wire.AhParseResult;
import org.vrrpd.wire.IpEnvelope;
import org.vrrpd.wire.IpsecAh;
import org.vrrpd.wire.ReceiveExpectations;
import org.vrrpd.wire.ReceiveObservation;
import org.vrrpd.wire.ReceiveResult;
import org.vrrpd.wire.ReceiveValidator;
import org.vrrpd.wire.RejectReason;
import org.vrrpd.wire.Rejection;

/**
 * The receive path before the state machine: our own looped-back adverts are dropped, everything else goes
 * through the codec's RFC 9568 §7.1 checks (and, with keepalived's AH form, the ICV, SPI and sequence number
 * checks first and last); every drop and observation is counted under its stable name and logged at most once
 * per period per reason (other VRIDs on a shared LAN only at debug level). The peer preflight's census
 * sees every advert here, with the verdict, before a drop hides it from the state machine.
 */
final class AdvertIntake {

    private final String instance;
    private final InstanceCounters counters;
    private final RateLimitedLog log;
    private final PreflightGate census;

    AdvertIntake(String instance, InstanceCounters counters, RateLimitedLog log, PreflightGate census) {
        this.instance = instance;
        this.counters = counters;
        this.log = log;
        this.census = census;
    }

    /** The accepted advert, or null when it was dropped (and counted). */
    AcceptedAdvertisement accept(IpEnvelope envelope, byte[] payload, ReceiveExpectations expected,
                                 InetAddress ownSource) {
        if (envelope.source().equals(ownSource)) {
            counters.drop("own_advert");
            return null;
        }
        AcceptedAdvertisement a = validate(envelope, payload, expected);
        return a == null ? null : record(a);
    }

    /**
     * keepalived's AH form: {@code datagram} is the whole IPv4 datagram. The ICV and SPI are checked before any
     * field is trusted, then the VRRP message, then the sequence number (only for our VRID, so another
     * router's adverts never move our counter). A Master that accepts a lower-priority advert continues its
     * own sequence above it, as keepalived does.
     */
    AcceptedAdvertisement acceptAh(IpEnvelope envelope, byte[] datagram, ReceiveExpectations expected,
                                   InetAddress ownSource, AhSession ah, boolean master) {
        if (envelope.source().equals(ownSource)) {
            counters.drop("own_advert");
            return null;
        }
        AhParseResult opened = ah.open(datagram, envelope.ifIndex());
        if (opened instanceof Rejection r) {
            boolean otherVrid = r.reason() == RejectReason.AUTH_AH_ICV_MISMATCH
                    && IpsecAh.vrid(datagram).map(v -> v != expected.vrid()).orElse(false);
            reject(otherVrid ? new Rejection(RejectReason.VRID_MISMATCH, "AH advert for another VRID") : r,
                    Addresses.text(envelope.source()));
            return null;
        }
        AhDatagram d = (AhDatagram) opened;
        AcceptedAdvertisement a = validate(d.envelope(), d.payload(), expected);
        if (a == null) {
            return null;
        }
        Optional<Rejection> replay = ah.receive(d.sequence());
        if (replay.isPresent()) {
            reject(replay.get(), Addresses.text(envelope.source()));
            return null;
        }
        if (master && a.advertisement().priority() < expected.localPriority()) {
            ah.syncFromLowerPriority(d.sequence());
        }
        return record(a);
    }

    private AcceptedAdvertisement validate(IpEnvelope envelope, byte[] payload, ReceiveExpectations expected) {
        ReceiveResult result = ReceiveValidator.validate(envelope, payload, expected);
        census.heard(envelope, payload, result); // dropped or not: the preflight reports what the segment speaks
        if (result instanceof Rejection r) {
            reject(r, Addresses.text(envelope.source()));
            return null;
        }
        return (AcceptedAdvertisement) result;
    }

    private void reject(Rejection r, String from) {
        counters.drop(r.counterName());
        if (r.reason() == RejectReason.VRID_MISMATCH) {
            log.debug(r.counterName(), "{}: dropped advert from {}: {}", instance, from, r);
        } else {
            log.warn(r.counterName(), "{}: dropped advert from {}: {}", instance, from, r);
        }
    }

    private AcceptedAdvertisement record(AcceptedAdvertisement a) {
        String from = Addresses.text(a.envelope().source());
        counters.advertsReceived++;
        for (ReceiveObservation o : a.observations()) {
            counters.observe(o.counterName());
            log.info(o.counterName(), "{}: advert from {}: {}", instance, from, o.counterName());
        }
        if (a.advertisement().priority() == 0) {
            counters.priorityZeroReceived++;
        }
        return a;
    }
}
