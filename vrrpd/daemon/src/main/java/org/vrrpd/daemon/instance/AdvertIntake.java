package org.vrrpd.daemon.instance;

import java.net.InetAddress;
import org.vrrpd.daemon.loop.RateLimitedLog;
import org.vrrpd.wire.AcceptedAdvertisement;
import org.vrrpd.wire.Addresses;
import org.vrrpd.wire.IpEnvelope;
import org.vrrpd.wire.ReceiveExpectations;
import org.vrrpd.wire.ReceiveObservation;
import org.vrrpd.wire.ReceiveResult;
import org.vrrpd.wire.ReceiveValidator;
import org.vrrpd.wire.RejectReason;
import org.vrrpd.wire.Rejection;

/**
 * The receive path before the state machine: our own looped-back adverts are dropped, everything else goes
 * through the codec's RFC 9568 §7.1 checks; every drop and observation is counted under its stable name and
 * logged at most once per period per reason (other VRIDs on a shared LAN only at debug level). The peer
 * preflight's census sees every advert here, with the verdict, before a drop hides it from the state machine.
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
        ReceiveResult result = ReceiveValidator.validate(envelope, payload, expected);
        census.heard(envelope, payload, result); // dropped or not: the preflight reports what the segment speaks
        String from = Addresses.text(envelope.source());
        if (result instanceof Rejection r) {
            counters.drop(r.counterName());
            if (r.reason() == RejectReason.VRID_MISMATCH) {
                log.debug(r.counterName(), "{}: dropped advert from {}: {}", instance, from, r);
            } else {
                log.warn(r.counterName(), "{}: dropped advert from {}: {}", instance, from, r);
            }
            return null;
        }
        AcceptedAdvertisement a = (AcceptedAdvertisement) result;
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
