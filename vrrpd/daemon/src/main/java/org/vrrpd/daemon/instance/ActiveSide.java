package org.vrrpd.daemon.instance;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VirtualAddress;
import org.vrrpd.daemon.loop.ProtocolScheduler;
import org.vrrpd.daemon.vip.NeighbourTable;
import org.vrrpd.daemon.vip.VipAnnouncements;
import org.vrrpd.daemon.vip.VipTable;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.net.VrrpTransport;

/**
 * An {@link InstanceDriver}'s Active-side actions: the VIPs and their virtual_routes/rules through rtnetlink, and
 * the gratuitous announcements. Every method must be called on the protocol thread; the configuration is the
 * driver's current one, passed in.
 */
final class ActiveSide {

    private final ProtocolScheduler scheduler;
    private final VrrpTransport transport;
    private final VipTable vips;
    private final InterfaceBinding binding;
    private final InstanceCounters counters;
    private final Logger log;
    private VipAnnouncements announcer;

    ActiveSide(ProtocolScheduler scheduler, VrrpTransport transport, VipTable vips, InterfaceBinding binding,
               InstanceCounters counters, Logger log) {
        this.scheduler = scheduler;
        this.transport = transport;
        this.vips = vips;
        this.binding = binding;
        this.counters = counters;
        this.log = log;
    }

    /** Makes the announcer; on start, once the binding is open. */
    void start(InstanceConfig config, NeighbourTable neighbours) {
        announcer = new VipAnnouncements(config, scheduler, transport, neighbours, binding::vipIfIndex,
                binding::vipMac, binding::source);
    }

    /**
     * {@code AddVips}: the VIPs, then virtual_routes/rules. The kernel's answers to the VIP requests are read after
     * the gratuitous ARP ({@link #announce}), which then leaves as soon as the VIPs are on the interface.
     */
    void addVips(InstanceConfig config) {
        vips.beginAdd(config, binding.vipIfIndex());
        vips.addRouting(config, binding.vipIfIndex()); // virtual_routes/rules after the VIPs
    }

    /** {@code RemoveVips}: the announcements stop, the routes/rules go, then the VIPs. */
    void removeVips(InstanceConfig config) {
        announcer.stop();
        vips.removeRouting(config, binding.vipIfIndex()); // before the VIPs go
        vips.remove(config, binding.vipIfIndex());
    }

    /** {@code SendGratuitous}; then the answers to {@link #addVips}' requests. */
    void announce() {
        announcer.announce();
        vips.confirmAdded();
    }

    /** See {@link VipAnnouncements#leftActive}. */
    void leftActive() {
        announcer.leftActive();
    }

    /** See {@link VipAnnouncements#afterAdvert}. */
    void afterAdvert(InetAddress from, int priority, VrrpState before, VrrpState after, int ourPriority) {
        announcer.afterAdvert(from, priority, before, after, ourPriority);
    }

    /** The virtual MAC interface was created again while Active: the VIPs go back on it and are announced. */
    void virtualMacRecreated(InstanceConfig config) {
        vips.add(config, binding.vipIfIndex());
        vips.addRouting(config, binding.vipIfIndex()); // the link's routes went with it
        announcer.announce();
    }

    /** A VIP disappeared from the interface while Master: restore it (someone removed it by hand). */
    void addressRemoved(InstanceConfig config, InetAddress address) {
        for (VirtualAddress v : config.virtualAddresses()) {
            if (v.address().equals(address)) {
                log.warn("{}: VIP {} was removed from {} while Master; restoring it", config.name(), v.cidr(),
                        config.interfaceName());
                counters.vipRestored++;
                vips.add(config, binding.vipIfIndex());
                announcer.announce();
                return;
            }
        }
    }

    /**
     * A reload in place ({@link InstanceDriver#reconfigure}): a new announcer; a Master keeps its VIPs, adds the
     * new ones and announces them, removes the dropped ones, and replaces its routes/rules when they changed.
     */
    void reconfigure(InstanceConfig before, InstanceConfig next, NeighbourTable neighbours, VrrpState state) {
        announcer.stop();
        announcer = new VipAnnouncements(next, scheduler, transport, neighbours, binding::vipIfIndex,
                binding::vipMac, binding::source);
        List<VirtualAddress> added = new ArrayList<>(next.virtualAddresses());
        added.removeAll(before.virtualAddresses());
        List<VirtualAddress> dropped = new ArrayList<>(before.virtualAddresses());
        dropped.removeAll(next.virtualAddresses());
        log.info("{}: reloaded in place as {} ({} VIP(s) added, {} removed)", next.name(), state,
                added.size(), dropped.size());
        if (state == VrrpState.MASTER) {
            boolean routing = !before.routing().equals(next.routing());
            if (routing) {
                vips.removeRouting(before, binding.vipIfIndex());
            }
            vips.remove(before.withVirtualAddresses(dropped), binding.vipIfIndex());
            vips.add(next.withVirtualAddresses(added), binding.vipIfIndex());
            if (routing) {
                vips.addRouting(next, binding.vipIfIndex());
            }
            if (!added.isEmpty()) {
                announcer.announce();
            }
        }
    }

    /** Stops the announcements. */
    void stop() {
        announcer.stop();
    }
}
