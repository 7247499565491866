package org.vrrpd.wire;

import java.util.Optional;

/**
 * keepalived's AH anti-replay state for one instance ({@code ipsecah_counter} in {@code vrrp.c}): one counter
 * shared by sending and receiving. Sending increments it and uses the new value, so the first advert after a
 * start carries 1; a received advert must carry a sequence number above the counter, which then takes that
 * number, so a node that becomes Master carries on above the sequence it last heard. A Master that hears a
 * lower-priority advert jumps to that sequence + 1. At 2^32 − 3 keepalived stops counting ("cycled") and resets
 * to 0 when it next becomes Master. Not persisted: like keepalived, a restarted daemon starts at 0 and is
 * accepted by a peer only above the peer's counter, which is why a restarted node first listens as Backup.
 * Not thread-safe; pure (no clock, no I/O).
 */
public final class AhSequenceCounter {

    private static final long CYCLE_LIMIT = 0xFFFF_FFFDL;

    private long sequence;
    private boolean cycled;

    /** The sequence number for the next advert sent. */
    public long next() {
        if (sequence > CYCLE_LIMIT) {
            cycled = true;
        } else {
            sequence++;
        }
        return sequence;
    }

    /**
     * Judges a received, authenticated sequence number: above the counter it is taken and nothing is returned;
     * otherwise the rejection to count ({@link RejectReason#AUTH_AH_REPLAY}).
     */
    public Optional<Rejection> receive(long received) {
        if (received > sequence) {
            sequence = received;
            cycled = false;
            return Optional.empty();
        }
        return Optional.of(new Rejection(RejectReason.AUTH_AH_REPLAY, "AH sequence number " + received
                + " already processed (local " + sequence + ")"));
    }

    /** A Master heard a lower-priority advert carrying {@code received}: continue above it. */
    public void syncFromLowerPriority(long received) {
        sequence = Math.min(received + 1, IpsecAh.MAX_SEQUENCE);
        cycled = false;
    }

    /** The instance becomes Master: a cycled counter starts again from 0. */
    public void becomingMaster() {
        if (cycled) {
            cycled = false;
            sequence = 0;
        }
    }

    /** The current counter (the last sequence number sent or accepted). */
    public long current() {
        return sequence;
    }
}
