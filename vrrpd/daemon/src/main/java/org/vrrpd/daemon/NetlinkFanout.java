package org.vrrpd.daemon;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.daemon.health.HealthSupervisor;
import org.vrrpd.daemon.instance.InstanceDriver;
import org.vrrpd.daemon.vip.VipTable;
import org.vrrpd.net.netlink.NetlinkEvent;

/**
 * Hands each rtnetlink event, on the protocol thread, to whoever it concerns: the tracked interfaces of the
 * instances' health, and the routers whose interface changed, vanished, came back under a new index, or lost or
 * gained an address. After lost events (socket overrun) every router re-reads its link state.
 */
final class NetlinkFanout {

    private static final Logger LOG = LoggerFactory.getLogger(NetlinkFanout.class);

    private final Collection<InstanceDriver> drivers;
    private final HealthSupervisor health;
    private final VipTable vipTable;

    /** @param drivers the running routers, a live view read at each event */
    NetlinkFanout(Collection<InstanceDriver> drivers, HealthSupervisor health, VipTable vipTable) {
        this.drivers = drivers;
        this.health = health;
        this.vipTable = vipTable;
    }

    void deliver(List<NetlinkEvent> events) {
        for (NetlinkEvent e : events) {
            health.linkEvent(e);
            if (e instanceof NetlinkEvent.LinkChanged lc) {
                drivers.stream()
                        .filter(d -> d.ifIndex() != lc.ifindex() && d.config().interfaceName().equals(lc.name()))
                        .forEach(d -> d.interfaceReappeared(lc.ifindex()));
                drivers.stream().filter(d -> d.ifIndex() == lc.ifindex())
                        .forEach(d -> d.linkChanged(lc.up() && lc.running()));
            } else if (e instanceof NetlinkEvent.LinkRemoved lr) {
                drivers.stream().filter(d -> d.ifIndex() == lr.ifindex()).forEach(d -> d.linkChanged(false));
                drivers.forEach(d -> d.linkRemoved(lr.ifindex()));
            } else if (e instanceof NetlinkEvent.AddressAdded aa) {
                drivers.forEach(d -> d.addressAdded(aa.address().ifindex()));
            } else if (e instanceof NetlinkEvent.AddressRemoved ar) {
                drivers.forEach(d -> d.addressRemoved(ar.ifindex(), ar.address()));
            } else if (e instanceof NetlinkEvent.ResyncNeeded r) {
                LOG.warn("rtnetlink events were lost ({}); re-reading link states", r.reason());
                for (InstanceDriver d : drivers) {
                    try {
                        d.linkChanged(vipTable.linkUp(d.ifIndex()));
                    } catch (IOException ex) {
                        d.linkChanged(false);
                    }
                }
            }
        }
    }
}
