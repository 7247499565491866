package org.vrrpd.daemon.instance;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.daemon.loop.ProtocolScheduler;
import org.vrrpd.daemon.preflight.Finding;
import org.vrrpd.daemon.preflight.LocalSettings;
import org.vrrpd.daemon.preflight.PeerAdvert;
import org.vrrpd.daemon.preflight.PeerCensus;
import org.vrrpd.wire.Addresses;
import org.vrrpd.wire.IpEnvelope;
import org.vrrpd.wire.ReceiveResult;

/**
 * The peer preflight of one instance: every advert for its VRID, accepted or dropped, goes into a
 * {@link PeerCensus}; a peer's differences are logged once when they appear or change (an error when they would
 * split the brain, naming the peer and the fix). After start a Backup does not claim Master before the listen
 * window has passed or a compatible router has been heard (it already waits Master_Down_Interval, about three
 * intervals, so the default costs nothing), and with {@code on_incompatible: hold} it does not claim Master while an incompatible peer is heard.
 * An address owner never waits nor holds. Call on the protocol thread.
 */
final class PreflightGate {

    /** A peer counts as present while heard within this many of our advert intervals (or the listen window). */
    static final int PRESENCE_INTERVALS = 3;

    private final ProtocolScheduler clock;
    private final Logger log;
    private InstanceConfig config;
    private final PeerCensus census;
    private long listenUntil;
    private String holding;
    private ProtocolScheduler.Cancellable summary;

    PreflightGate(InstanceConfig config, ProtocolScheduler clock, Logger log) {
        this.config = config;
        this.clock = clock;
        this.log = log;
        this.census = new PeerCensus(LocalSettings.of(config));
        this.listenUntil = clock.nanoTime();
    }

    /** The instance started now: the listen window begins, and its findings are summed up when it ends. */
    void started() {
        Duration window = listenWindow();
        listenUntil = clock.nanoTime() + (config.isOwner() ? 0 : window.toNanos());
        if (!window.isZero()) {
            summary = clock.schedule(this::summarise, window);
        }
    }

    /** The instance stopped: no summary after it. */
    void stopped() {
        if (summary != null) {
            summary.cancel();
        }
    }

    void reconfigure(InstanceConfig next) {
        config = next;
        census.reconfigure(LocalSettings.of(next));
    }

    /** One packet and the receive path's verdict on it (our own adverts are not passed). */
    void heard(IpEnvelope envelope, byte[] payload, ReceiveResult verdict) {
        Optional<PeerAdvert> advert = PeerAdvert.of(envelope, payload, verdict);
        if (advert.isEmpty()) {
            return;
        }
        PeerCensus.Peer before = census.peer(envelope.source());
        PeerCensus.Peer now = census.record(advert.get(), clock.nanoTime());
        if (now != null && advert.get().dropReason().isEmpty() && !now.splitsBrain()) {
            // a compatible router is heard and the election knows of it: the start-up listen has done its job, and
            // its priority 0 must hand over after Skew_Time as RFC 9568 says, not at the end of the window
            listenUntil = Math.min(listenUntil, clock.nanoTime());
        }
        if (now == null || (before != null && before.findings().equals(now.findings()))) {
            return;
        }
        String peer = Addresses.text(now.source());
        for (Finding f : now.findings()) {
            if (f.splitsBrain()) {
                log.error("{}: preflight: {}", config.name(), f.message(peer));
            } else {
                log.warn("{}: preflight: {}", config.name(), f.message(peer));
            }
        }
        if (now.findings().isEmpty() && before != null) {
            log.info("{}: preflight: peer {} now speaks as this instance", config.name(), peer);
        }
    }

    /**
     * How long a Master_Down_Timer expiry must wait before the Backup may claim Master: the rest of the listen
     * window, or (holding) one advert interval at a time while an incompatible peer is heard; zero to go on.
     */
    Duration masterDownDeferral() {
        long now = clock.nanoTime();
        if (now < listenUntil) {
            return Duration.ofNanos(listenUntil - now);
        }
        Optional<String> reason = holdReason();
        if (reason.isEmpty()) {
            if (holding != null) {
                log.warn("{}: preflight: no incompatible peer heard for {} ms; hold released", config.name(),
                        presenceNanos() / 1_000_000);
                holding = null;
            }
            return Duration.ZERO;
        }
        if (!reason.get().equals(holding)) {
            log.error("{}: {}; staying Backup (on_incompatible: hold)", config.name(), reason.get());
            holding = reason.get();
        }
        return Duration.ofNanos(intervalNanos());
    }

    /** Why the instance is held out of Master now: {@code preflight hold: incompatible peer 192.0.2.11 (...)}. */
    Optional<String> holdReason() {
        if (!config.preflight().hold() || config.isOwner()) {
            return Optional.empty();
        }
        List<PeerCensus.Peer> bad = census.incompatible(clock.nanoTime(), presenceNanos());
        if (bad.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder("preflight hold: incompatible peer");
        for (PeerCensus.Peer p : bad) {
            sb.append(' ').append(Addresses.text(p.source())).append(" (").append(String.join(", ",
                    p.findings().stream().filter(Finding::splitsBrain).map(f -> f.kind().counterName()).toList()))
                    .append(')');
        }
        return Optional.of(sb.toString());
    }

    /** The protocol clock's now, the census's timebase. */
    long nanoTime() {
        return clock.nanoTime();
    }

    /** The census, for {@code vrrpctl preflight}. */
    PeerCensus census() {
        return census;
    }

    /** The start-up listen window: {@code listen_intervals} advert intervals. */
    Duration listenWindow() {
        return Duration.ofNanos(config.preflight().listenIntervals() * intervalNanos());
    }

    /** Peers heard within this long count as present. */
    long presenceNanos() {
        return Math.max(PRESENCE_INTERVALS, config.preflight().listenIntervals()) * intervalNanos();
    }

    private long intervalNanos() {
        return census.local().intervalCs() * 10_000_000L;
    }

    private void summarise() {
        List<PeerCensus.Peer> peers = census.heard(clock.nanoTime(), Math.max(listenWindow().toNanos(),
                presenceNanos()));
        long bad = peers.stream().filter(PeerCensus.Peer::splitsBrain).count();
        log.info("{}: preflight: heard {} peer(s) on VRID {} ({} incompatible){}", config.name(), peers.size(),
                config.vrid(), bad, peers.isEmpty() ? "" : ": " + String.join(", ", peers.stream()
                        .map(p -> Addresses.text(p.source()) + " VRRPv" + p.last().advert().version() + " priority "
                                + p.last().priority()).toList()));
    }
}
