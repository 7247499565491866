package org.vrrpd.daemon.instance;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.daemon.vip.VipTable;
import org.vrrpd.daemon.vip.VirtualMac;
import org.vrrpd.net.MacAddress;
import org.vrrpd.net.PacketHandler;
import org.vrrpd.net.VrrpEndpoint;
import org.vrrpd.net.VrrpTransport;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.Addresses;

/**
 * Where one router lives on the host: its interface (by index), the source address and MAC it advertises with,
 * the virtual MAC interface with {@code vmac}, and the socket. Re-binds when the interface is deleted and
 * created again under a new index (once it has its address again) and when the virtual MAC interface is
 * deleted by hand. Protocol thread only.
 */
final class InterfaceBinding {

    private static final Logger LOG = LoggerFactory.getLogger(InterfaceBinding.class);

    private final VrrpTransport transport;
    private final VipTable vips;
    private InstanceConfig config;
    private InstanceWire wire;
    private final PacketHandler packets;

    private int ifIndex;
    private InetAddress source;
    private MacAddress mac;
    private VirtualMac vmac;
    private VrrpEndpoint endpoint;
    private boolean reopenPending;
    private boolean sourceLost;

    InterfaceBinding(InstanceConfig config, VrrpTransport transport, VipTable vips, InstanceWire wire,
                     PacketHandler packets) {
        this.config = config;
        this.transport = transport;
        this.vips = vips;
        this.wire = wire;
        this.packets = packets;
    }

    /**
     * Reads the interface's index, source address and MAC; throws with a clear reason when the interface is
     * missing. An interface without an address to advertise from yet (an IPv6 link-local address still tentative
     * right after the link came up) is not an error without {@code vmac}: the source is the unspecified address and
     * {@link #sourceLost()} is true until an address appears ({@link #chooseSourceAgain()}); the driver stays in
     * Fault meanwhile.
     */
    void resolve() throws IOException {
        ifIndex = transport.interfaceIndex(config.interfaceName());
        mac = transport.hardwareAddress(config.interfaceName());
        try {
            source = vips.sourceAddress(config, ifIndex);
        } catch (IOException e) {
            if (config.vmac()) {
                throw e; // the macvlan takes the parent's link-local address as it is created
            }
            LOG.warn("{}: {}; in Fault until it has one", config.name(), e.getMessage());
            source = unspecified();
            sourceLost = true;
        }
    }

    private InetAddress unspecified() throws IOException {
        return InetAddress.getByAddress(new byte[config.family() == AddressFamily.IPV4 ? 4 : 16]);
    }

    /**
     * Creates the virtual MAC interface (with {@code vmac}), removes VIPs of ours left by an earlier run, and
     * opens the socket. Call after {@link #resolve()}. Returns how many VIPs an earlier run had left.
     */
    int open() throws IOException {
        if (config.vmac()) {
            vmac = VirtualMac.open(config, vips.vmacs(), transport, ifIndex, wire.endpointSpec(), source, packets);
            vips.removeStale(config, ifIndex); // left by an earlier run without vmac
        }
        int stale = vips.removeStale(config, vipIfIndex());
        if (stale > 0) {
            LOG.warn("{}: removed {} VIP(s) left on {} by an earlier run before joining as Backup", config.name(),
                    stale, config.interfaceName());
        }
        endpoint = vmac != null ? vmac.endpoint() : transport.open(wire.endpointSpec(), packets);
        return stale;
    }

    /**
     * A reload in place (same interface, no change of virtual MAC): takes the new settings, re-reads the source
     * address ({@code unicast_source} may have changed), and reopens the socket when its destinations changed.
     */
    void reconfigure(InstanceConfig next, InstanceWire nextWire) throws IOException {
        boolean reopen = !wire.endpointSpec().equals(nextWire.endpointSpec());
        InetAddress src;
        try {
            src = vips.sourceAddress(next, ifIndex);
        } catch (IOException e) { // a link flap: keep the source until the interface has one again
            LOG.info("{}: {}; keeping {} until it has one", next.name(), e.getMessage(), Addresses.text(source));
            src = source;
            sourceLost = true;
        }
        VrrpEndpoint fresh = reopen && vmac == null ? transport.open(nextWire.endpointSpec(), packets) : null;
        config = next;
        wire = nextWire;
        source = src;
        if (fresh != null) {
            endpoint.close();
            endpoint = fresh;
            LOG.info("{}: socket reopened on {} for the new unicast peers", config.name(), config.interfaceName());
        }
    }

    /** Whether the interface is up and running now. */
    boolean linkUp() throws IOException {
        return vips.linkUp(ifIndex);
    }

    /**
     * The configured interface exists again under a new index (deleted and re-created): the socket, bound to the
     * old index, hears nothing any more. Returns whether the index changed (a reopen is then pending).
     */
    boolean interfaceReappeared(int newIfIndex) {
        if (newIfIndex == ifIndex) {
            return false;
        }
        LOG.warn("{}: interface {} is back with index {} (was {}); reopening its socket", config.name(),
                config.interfaceName(), newIfIndex, ifIndex);
        ifIndex = newIfIndex;
        reopenPending = true;
        return true;
    }

    boolean reopenPending() {
        return reopenPending;
    }

    /**
     * Reopens the socket (and the virtual MAC interface) on the current index once the interface has its address;
     * returns its link state then, or empty while it is not ready yet (the reopen stays pending).
     */
    Optional<Boolean> reopen() {
        boolean up;
        try {
            InetAddress src = vips.sourceAddress(config, ifIndex);
            MacAddress hw = transport.hardwareAddress(config.interfaceName());
            if (config.vmac()) { // the kernel deleted the macvlan with its old parent
                if (vmac != null) {
                    vmac.close();
                    vmac = null;
                }
                vmac = VirtualMac.open(config, vips.vmacs(), transport, ifIndex, wire.endpointSpec(), src, packets);
            }
            VrrpEndpoint fresh = vmac != null ? vmac.endpoint() : transport.open(wire.endpointSpec(), packets);
            endpoint.close();
            endpoint = fresh;
            mac = hw;
            if (!src.equals(source)) {
                LOG.warn("{}: {} now has source address {} (was {}); adverts use the new one, the election"
                        + " tie-break keeps the old until a reload", config.name(), config.interfaceName(),
                        Addresses.text(src), Addresses.text(source));
                source = src;
            }
            up = vips.linkUp(ifIndex);
        } catch (IOException | RuntimeException e) {
            LOG.info("{}: not reopening on {} yet: {}", config.name(), config.interfaceName(), e.getMessage());
            return Optional.empty();
        }
        reopenPending = false;
        sourceLost = false;
        LOG.info("{}: socket reopened on {} (index {})", config.name(), config.interfaceName(), ifIndex);
        return Optional.of(up);
    }

    /**
     * An address left an interface: when it was the advert source (chosen, not configured), chooses the source
     * again instead of failing every advert; with none left, keeps trying on each address added
     * ({@link #sourceLost()}). Returns whether the source changed.
     */
    boolean addressRemoved(int removedIfIndex, InetAddress address) {
        if (removedIfIndex != ifIndex || !address.equals(source) || config.unicastSource().isPresent()) {
            return false;
        }
        sourceLost = true;
        return chooseSourceAgain();
    }

    /** Whether the advert source went away and no other was found yet. */
    boolean sourceLost() {
        return sourceLost;
    }

    /** Chooses the advert source again after it was removed; false (logged) while the interface has none. */
    boolean chooseSourceAgain() {
        try {
            InetAddress src = vips.sourceAddress(config, ifIndex);
            sourceLost = false;
            if (src.equals(source)) {
                return false;
            }
            LOG.warn("{}: advert source {} left {}; adverts now use {} (the election tie-break keeps the old"
                    + " until a reload)", config.name(), Addresses.text(source), config.interfaceName(),
                    Addresses.text(src));
            source = src;
            return true;
        } catch (IOException e) {
            LOG.warn("{}: advert source {} left {} and no other is usable yet: {}", config.name(),
                    Addresses.text(source), config.interfaceName(), e.getMessage());
            return false;
        }
    }

    /** Whether {@code deletedIfIndex} was our virtual MAC interface (deleted by hand; the parent is still there). */
    boolean isVirtualMac(int deletedIfIndex) {
        return vmac != null && deletedIfIndex == vmac.ifIndex() && !reopenPending;
    }

    /** Creates the deleted virtual MAC interface and its socket again; false (logged) when that fails. */
    boolean recreateVirtualMac() {
        LOG.warn("{}: virtual MAC interface {} was deleted; creating it again", config.name(), vmac.name());
        VirtualMac old = vmac;
        try {
            vmac = VirtualMac.open(config, vips.vmacs(), transport, ifIndex, wire.endpointSpec(), source, packets);
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: cannot create virtual MAC interface {} again: {}", config.name(), old.name(),
                    e.getMessage());
            return false;
        }
        old.close();
        endpoint = vmac.endpoint();
        return true;
    }

    /** Where the VIPs live: the virtual MAC interface with {@code vmac}, else the instance's interface. */
    int vipIfIndex() {
        if (config.vmac()) {
            return vmac != null ? vmac.ifIndex() : -1; // never the parent: its MAC is not the virtual one
        }
        return ifIndex;
    }

    /** The MAC the VIPs are announced with. */
    MacAddress vipMac() {
        return vmac != null ? vmac.mac() : mac;
    }

    int ifIndex() {
        return ifIndex;
    }

    InetAddress source() {
        return source;
    }

    VrrpEndpoint endpoint() {
        return endpoint;
    }

    /** Delivers the packets queued on the socket and not yet read ({@link VrrpEndpoint#drainPending()}). */
    int drainPending() {
        return endpoint == null ? 0 : endpoint.drainPending();
    }

    /** Packets the transport's unicast allow-list dropped before the validator saw them. */
    long refusedPackets() {
        return endpoint == null ? 0 : endpoint.refusedPackets();
    }

    /** Closes the socket and deletes the virtual MAC interface. */
    void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (vmac != null) {
            vmac.close();
        }
    }
}
