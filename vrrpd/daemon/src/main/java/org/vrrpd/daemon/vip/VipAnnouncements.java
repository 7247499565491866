package org.vrrpd.daemon.vip;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VirtualAddress;
import org.vrrpd.daemon.loop.ProtocolScheduler;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.net.MacAddress;
import org.vrrpd.net.VrrpTransport;
import org.vrrpd.wire.Addresses;

/**
 * Everything an instance tells the LAN's neighbour tables about its VIPs: the gratuitous ARP / unsolicited NA
 * bursts on becoming Master ({@link GratuitousAnnouncer}), a fresh burst when another router advertises a lower
 * priority as Active (a healed partition, or a spurious takeover under loss; at most once a second, like
 * keepalived's {@code garp_lower_prio_repeat}), and, on stepping down, one gratuitous ARP / unsolicited NA per VIP
 * carrying the new Master's MAC ({@link StepDownAnnouncer}, {@code step_down_announce}).
 */
public final class VipAnnouncements {

    private static final Logger LOG = LoggerFactory.getLogger(VipAnnouncements.class);
    private static final long LOWER_PRIORITY_ANNOUNCE_GAP_NANOS = 1_000_000_000L;

    private final InstanceConfig config;
    private final ProtocolScheduler scheduler;
    private final VrrpTransport transport;
    private final IntSupplier ifIndex;
    private final Supplier<MacAddress> mac;
    private final Supplier<InetAddress> source;
    private final GratuitousAnnouncer announcer;
    private final GratuitousAnnouncer lowerPriority;
    private final StepDownAnnouncer stepDown;
    private long lastLowerPriorityAnnounce = Long.MIN_VALUE / 2;

    public VipAnnouncements(InstanceConfig config, ProtocolScheduler scheduler, VrrpTransport transport,
                     NeighbourTable neighbours, IntSupplier ifIndex, Supplier<MacAddress> mac,
                     Supplier<InetAddress> source) {
        this.config = config;
        this.scheduler = scheduler;
        this.transport = transport;
        this.ifIndex = ifIndex;
        this.mac = mac;
        this.source = source;
        this.announcer = new GratuitousAnnouncer(scheduler, config.garp(), this::round, config.name());
        this.lowerPriority = new GratuitousAnnouncer(scheduler, config.garp().forLowerPriority(), this::round,
                config.name());
        if (config.stepDownAnnounce()) {
            List<InetAddress> onLink = new ArrayList<>();
            for (VirtualAddress v : config.virtualAddresses()) {
                if (v.device().map(config.interfaceName()::equals).orElse(true)) {
                    onLink.add(v.address());
                }
            }
            this.stepDown = new StepDownAnnouncer(config.name(), ifIndex, onLink, neighbours, this::announceFor);
        } else {
            this.stepDown = null;
        }
    }

    /** A fresh announcement of every VIP (becoming Master, a VIP restored). */
    public void announce() {
        announcer.announce();
    }

    /** Leaving Master: nothing pending goes out any more. */
    public void stop() {
        announcer.stop();
        lowerPriority.stop();
    }

    /**
     * Left Active without an advert saying who is Master now (a sync group's step-down, a fault), or started
     * after a killed run that was Active (its VIPs were still on the interface): the VIPs are announced at the MAC
     * of the Master heard next as Backup, within 30 s. A step-down for an advert announces at once instead.
     */
    public void leftActive() {
        if (stepDown != null) {
            stepDown.leftActive(scheduler.nanoTime());
        }
    }

    /** After an accepted advert has been handled: what it says about who holds the VIPs now. */
    public void afterAdvert(InetAddress from, int priority, VrrpState before, VrrpState after, int ourPriority) {
        if (priority == 0) {
            return;
        }
        if (before == VrrpState.MASTER && after == VrrpState.MASTER && priority < ourPriority) {
            lowerPriorityActive(from);
        }
        if (stepDown != null && after == VrrpState.BACKUP) {
            if (before == VrrpState.MASTER) {
                stepDown.steppedDown(from, scheduler.nanoTime());
            }
            stepDown.masterHeard(from, scheduler.nanoTime());
        }
    }

    private void lowerPriorityActive(InetAddress other) {
        long now = scheduler.nanoTime();
        if (now - lastLowerPriorityAnnounce < LOWER_PRIORITY_ANNOUNCE_GAP_NANOS) {
            return;
        }
        lastLowerPriorityAnnounce = now;
        if (config.garp().lowerPrioRepeat() == 0) {
            return; // garp_lower_prio_repeat 0: no announcement
        }
        LOG.info("{}: {} advertises a lower priority as Active; announcing our VIPs again", config.name(),
                Addresses.text(other));
        lowerPriority.announce(); // garp_lower_prio_repeat now, again after garp_lower_prio_delay
    }

    /** Step-down: {@code vip} is at {@code owner} (the new Master), said from our own MAC and link-local. */
    private void announceFor(InetAddress vip, MacAddress owner) throws IOException {
        if (vip instanceof Inet4Address v4) {
            transport.sendGratuitousArp(ifIndex.getAsInt(), v4, owner, mac.get());
        } else if (vip instanceof Inet6Address v6 && source.get() instanceof Inet6Address src) {
            transport.sendUnsolicitedNa(ifIndex.getAsInt(), src, v6, owner, mac.get(), false);
        }
    }

    /** One gratuitous ARP per IPv4 VIP, one unsolicited NA per IPv6 VIP, from our MAC. */
    private void round() throws IOException {
        for (VirtualAddress v : config.virtualAddresses()) {
            if (v.address() instanceof Inet4Address v4) {
                transport.sendGratuitousArp(ifIndex.getAsInt(), v4, mac.get());
            } else if (v.address() instanceof Inet6Address v6 && source.get() instanceof Inet6Address src) {
                transport.sendUnsolicitedNa(ifIndex.getAsInt(), src, v6, mac.get(), false);
            }
        }
    }
}
