package org.vrrpd.daemon.preflight;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who speaks on one VRID, per source address: the last advert each peer sent (accepted or dropped), how many,
 * when first and last heard, and what differs from this instance. Pure: the caller passes monotonic
 * nanoseconds; written and read on one thread. Adverts for other VRIDs are not kept. A peer whose last advert
 * carried priority 0 has left (RFC 9568: the Master stopped) and no longer counts as incompatible.
 */
public final class PeerCensus {

    /** Sources kept at most; the least recently heard goes first. */
    static final int MAX_PEERS = 64;

    private final Map<InetAddress, Peer> peers = new LinkedHashMap<>();
    private LocalSettings local;

    public PeerCensus(LocalSettings local) {
        this.local = Objects.requireNonNull(local, "local");
    }

    /**
     * One peer as heard.
     *
     * @param last       its last advert
     * @param adverts    adverts heard from it
     * @param firstNanos when first heard
     * @param lastNanos  when last heard
     * @param findings   what differs from this instance (judged on the last advert)
     */
    public record Peer(PeerAdvert last, long adverts, long firstNanos, long lastNanos, List<Finding> findings) {

        public Peer {
            Objects.requireNonNull(last, "last");
            findings = List.copyOf(findings);
        }

        public InetAddress source() {
            return last.source();
        }

        /** Whether any difference would give two Masters. */
        public boolean splitsBrain() {
            return findings.stream().anyMatch(Finding::splitsBrain);
        }

        /** Whether its last advert said it stopped (priority 0). */
        public boolean left() {
            return last.priority() == 0;
        }

        /** Whether it splits the brain and is still there: what {@code hold} holds back for. */
        public boolean incompatible() {
            return splitsBrain() && !left();
        }
    }

    /** New settings (a reload): every peer is judged again against them. */
    public void reconfigure(LocalSettings next) {
        local = Objects.requireNonNull(next, "next");
        peers.replaceAll((source, p) -> new Peer(p.last(), p.adverts(), p.firstNanos(), p.lastNanos(),
                PeerJudge.judge(local, p.last())));
    }

    /**
     * Records one advert; returns the peer as it is now, or null when the advert is for another VRID. The
     * caller compares {@link Peer#findings()} with the previous ones to log a change once.
     */
    public Peer record(PeerAdvert heard, long nowNanos) {
        if (heard.vrid() != local.vrid()) {
            return null;
        }
        Peer before = peers.remove(heard.source());
        Peer now = new Peer(heard, before == null ? 1 : before.adverts() + 1,
                before == null ? nowNanos : before.firstNanos(), nowNanos, PeerJudge.judge(local, heard));
        peers.put(heard.source(), now); // re-inserted: the map is in order of last heard
        if (peers.size() > MAX_PEERS) {
            peers.remove(peers.keySet().iterator().next());
        }
        return now;
    }

    /** The peer at {@code source}, or null. */
    public Peer peer(InetAddress source) {
        return peers.get(source);
    }

    /** Peers heard within {@code windowNanos} before {@code nowNanos}, by source address. */
    public List<Peer> heard(long nowNanos, long windowNanos) {
        List<Peer> out = new ArrayList<>();
        for (Peer p : peers.values()) {
            if (nowNanos - p.lastNanos() <= windowNanos) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparing(p -> p.source().getHostAddress()));
        return out;
    }

    /** Peers heard within the window that would split the brain and have not left. */
    public List<Peer> incompatible(long nowNanos, long windowNanos) {
        return heard(nowNanos, windowNanos).stream().filter(Peer::incompatible).toList();
    }

    public LocalSettings local() {
        return local;
    }
}
