package org.vrrpd.daemon.instance;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.vrrpd.daemon.preflight.LocalSettings;
import org.vrrpd.daemon.preflight.PeerAdvert;
import org.vrrpd.daemon.preflight.PeerCensus;
import org.vrrpd.daemon.preflight.PeerJudge;
import org.vrrpd.status.InstancePreflight;
import org.vrrpd.status.PeerStatus;
import org.vrrpd.wire.Addresses;
import org.vrrpd.wire.ChecksumMode;

/** Builds an instance's {@code preflight} reply entry from its census; call on the protocol thread. */
public final class PreflightReports {

    private PreflightReports() {
    }

    /** The default window of {@code vrrpctl preflight} without {@code --for}: who counts as present now. */
    public static Duration presence(InstanceDriver d) {
        return Duration.ofNanos(d.preflight().presenceNanos());
    }

    /** The peers {@code d} heard within {@code window} before now. */
    public static InstancePreflight of(InstanceDriver d, Duration window) {
        PreflightGate gate = d.preflight();
        long nowNanos = gate.nanoTime();
        LocalSettings local = gate.census().local();
        List<PeerStatus> peers = gate.census().heard(nowNanos, window.toNanos()).stream()
                .map(p -> peer(local, p, nowNanos)).toList();
        return new InstancePreflight(local.instance(), local.vrid(), local.version(),
                PeerJudge.authName(local.authentication().type()), local.intervalCs() * 10L,
                checksum(local.checksum()), local.vips().stream().map(Addresses::text).toList(), window.toMillis(),
                d.config().preflight().onIncompatible().name().toLowerCase(Locale.ROOT),
                gate.holdReason().orElse(null), peers);
    }

    private static PeerStatus peer(LocalSettings local, PeerCensus.Peer p, long nowNanos) {
        PeerAdvert last = p.last();
        return new PeerStatus(Addresses.text(p.source()), last.advert().version(), last.priority(),
                PeerJudge.authName(last.advert().authentication().type()),
                PeerJudge.authenticationMatches(local, last.advert()), last.advert().maxAdverIntervalCentis() * 10L,
                last.checksum().map(PreflightReports::checksum).orElse("bad"),
                last.addresses().stream().map(Addresses::text).toList(), p.adverts(),
                (nowNanos - p.lastNanos()) / 1_000_000, last.dropReason().orElse(null), !p.splitsBrain(), p.left(),
                p.findings().stream().map(f -> (f.splitsBrain() ? "" : "note: ") + f.detail() + "; " + f.fix())
                        .toList());
    }

    private static String checksum(ChecksumMode mode) {
        return mode == ChecksumMode.PSEUDO_HEADER ? "pseudo-header" : "message-only";
    }
}
