package org.vrrpd.daemon.vip;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.net.MacAddress;

/**
 * Makes a spurious takeover harmless to clients. Under packet loss the RFC's down timer lets a Backup take over
 * now and then although the Active router is alive; its gratuitous ARP moves every client to its MAC, and when
 * the next advert of the real Active router makes it step down, clients keep sending to a router without the
 * VIP until their neighbour entry expires or fails its probes (seconds). So, when this router steps down because
 * of a higher-priority advert, it announces every VIP at the new Active router's MAC, taken from the kernel's
 * neighbour table (which it asks to resolve that router while it is Backup) for the advert's source address: one
 * gratuitous ARP per IPv4 VIP, one unsolicited Neighbor Advertisement (Override flag, target link-layer address =
 * that MAC) per IPv6 VIP, whose Master advertises from its link-local address. Frames leave from this router's own
 * Ethernet address. The RFC timers are unchanged.
 */
final class StepDownAnnouncer {

    private static final Logger LOG = LoggerFactory.getLogger(StepDownAnnouncer.class);
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;
    private static final long REFRESH_NANOS = 30_000_000_000L;
    /** How long after stepping down an announcement still helps: clients' neighbour entries last about this. */
    private static final long PENDING_NANOS = 30_000_000_000L;
    private static final long NOT_PENDING = Long.MIN_VALUE;
    /** While an announcement waits for the MAC: look at most this often (adverts may come every 10 ms). */
    private static final long PENDING_CHECK_EVERY_NANOS = 50_000_000L;

    /** Announces one VIP at {@code owner}: a gratuitous ARP (IPv4) or an unsolicited NA (IPv6). */
    @FunctionalInterface
    interface Sender {
        void send(InetAddress vip, MacAddress owner) throws IOException;
    }

    private final String instance;
    private final IntSupplier ifIndex;
    private final List<InetAddress> vips;
    private final NeighbourTable neighbours;
    private final Sender sender;
    private InetAddress known;
    private MacAddress knownMac;
    private long checkedAt = Long.MIN_VALUE / 2;
    private long learnedAt = Long.MIN_VALUE / 2;
    private long announcements;
    /** Left Active without announcing (the new Master's MAC unknown, or stepped down for the sync group). */
    private long pendingSince = NOT_PENDING;

    StepDownAnnouncer(String instance, IntSupplier ifIndex, List<? extends InetAddress> vips,
                      NeighbourTable neighbours, Sender sender) {
        this.instance = instance;
        this.ifIndex = ifIndex;
        this.vips = List.copyOf(vips);
        this.neighbours = neighbours;
        this.sender = sender;
    }

    /**
     * An advert from the Active router {@code master} arrived while Backup: keep its MAC at hand, and announce the
     * VIPs at it when a step-down is still waiting for it.
     */
    void masterHeard(InetAddress master, long nowNanos) {
        if (vips.isEmpty()) {
            return;
        }
        boolean pending = pendingSince != NOT_PENDING && nowNanos - pendingSince < PENDING_NANOS;
        if (!pending) {
            pendingSince = NOT_PENDING;
        }
        boolean have = master.equals(known) && knownMac != null && nowNanos - learnedAt < REFRESH_NANOS;
        long every = pending ? PENDING_CHECK_EVERY_NANOS : CHECK_EVERY_NANOS;
        if (!have && (nowNanos - checkedAt >= every || !master.equals(known))) {
            have = lookUp(master, nowNanos);
        }
        if (pending && have) {
            announce(master, knownMac, " after stepping down");
        }
    }

    /** Reads {@code master}'s MAC from the kernel (asking it to resolve one it lacks); whether it was there. */
    private boolean lookUp(InetAddress master, long nowNanos) {
        checkedAt = nowNanos;
        Optional<MacAddress> mac = neighbours.lookup(ifIndex.getAsInt(), master);
        if (mac.isPresent()) {
            known = master;
            knownMac = mac.get();
            learnedAt = nowNanos;
            return true;
        }
        if (!master.equals(known)) {
            known = master;
            knownMac = null;
        }
        neighbours.resolve(ifIndex.getAsInt(), master);
        return false;
    }

    /**
     * This router left Active without an advert saying who is Master now (its sync group stepped down, or a fault),
     * or a killed run of it was: the VIPs are announced at the Master's MAC when its first advert arrives while
     * Backup, if within 30 s.
     */
    void leftActive(long nowNanos) {
        if (!vips.isEmpty()) {
            pendingSince = nowNanos;
        }
    }

    /** This router just stepped down because {@code master} advertised a higher priority. */
    void steppedDown(InetAddress master, long nowNanos) {
        if (vips.isEmpty()) {
            return;
        }
        MacAddress mac = neighbours.lookup(ifIndex.getAsInt(), master)
                .orElse(master.equals(known) ? knownMac : null);
        if (mac == null) {
            LOG.info("{}: stepped down for {}, whose MAC is not known yet: the VIPs are announced at its MAC once"
                    + " the kernel resolves it", instance, master.getHostAddress());
            pendingSince = nowNanos;
            neighbours.resolve(ifIndex.getAsInt(), master);
            return;
        }
        announce(master, mac, "");
    }

    private void announce(InetAddress master, MacAddress mac, String when) {
        pendingSince = NOT_PENDING;
        for (InetAddress vip : vips) {
            try {
                sender.send(vip, mac);
                announcements++;
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: cannot announce {} at {}: {}", instance, vip.getHostAddress(), mac, e.getMessage());
            }
        }
        LOG.info("{}: stepped down for {}; announced {} VIP(s) at its MAC {}{}", instance,
                master.getHostAddress(), vips.size(), mac, when);
    }

    long announcements() {
        return announcements;
    }
}
