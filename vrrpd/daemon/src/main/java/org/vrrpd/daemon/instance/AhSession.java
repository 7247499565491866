package org.vrrpd.daemon.instance;

import java.net.InetAddress;
import java.util.Optional;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.wire.AhParseResult;
import org.vrrpd.wire.AhSequenceCounter;
import org.vrrpd.wire.IpEnvelope;
import org.vrrpd.wire.IpsecAh;
import org.vrrpd.wire.ReceiveValidator;
import org.vrrpd.wire.Rejection;

/**
 * One instance's keepalived IPsec-AH state ({@code authentication: {type: ah}}): the HMAC key, the IP
 * identification of the datagrams it builds, and the anti-replay counter shared by sending and receiving
 * ({@link AhSequenceCounter}). Like keepalived it starts from sequence 0 at every start; a key change on reload
 * starts a new session. Protocol thread only.
 */
final class AhSession {

    private final byte[] key;
    private final boolean unicast;
    private final AhSequenceCounter counter = new AhSequenceCounter();
    private int ipId;
    private long sequence;

    private AhSession(byte[] key, boolean unicast) {
        this.key = key;
        this.unicast = unicast;
    }

    /** The session for {@code config}, or empty when it does not use AH. */
    static Optional<AhSession> of(InstanceConfig config) {
        return config.authentication().isIpAuthHeader()
                ? Optional.of(new AhSession(config.authentication().data(), config.isUnicast()))
                : Optional.empty();
    }

    /**
     * Starts one advert round: the next IP ID (never 0) and sequence number, which keepalived sends to every
     * unicast peer of the round alike.
     */
    void nextAdvert() {
        ipId = ipId >= 0xFFFF ? 1 : ipId + 1;
        sequence = counter.next();
    }

    /** The whole datagram for an encoded advert of the current round ({@link #nextAdvert()}). */
    byte[] seal(byte[] message, InetAddress source, InetAddress destination) {
        IpEnvelope envelope = new IpEnvelope(source, destination, ReceiveValidator.REQUIRED_TTL, 0);
        return IpsecAh.seal(envelope, ipId, sequence, message, key, unicast);
    }

    /** Checks the ICV and SPI of a received datagram that arrived on {@code ifIndex}. */
    AhParseResult open(byte[] datagram, int ifIndex) {
        return IpsecAh.open(datagram, ifIndex, key, unicast);
    }

    /** The anti-replay check of an advert otherwise accepted; see {@link AhSequenceCounter#receive}. */
    Optional<Rejection> receive(long sequence) {
        return counter.receive(sequence);
    }

    /** keepalived: a Master hearing a lower-priority advert continues above its sequence number. */
    void syncFromLowerPriority(long sequence) {
        counter.syncFromLowerPriority(sequence);
    }

    /** keepalived: a cycled counter restarts when the instance becomes Master. */
    void becomingMaster() {
        counter.becomingMaster();
    }

    /** The current sequence counter (status, tests). */
    long sequence() {
        return counter.current();
    }
}
