package org.vrrpd.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.ChecksumMode;
import org.vrrpd.wire.VrrpAuthentication;

/**
 * One virtual router as configured: an entry of {@code instances:}, validated and with defaults applied.
 *
 * @param name               unique instance name, used by {@code vrrpctl} and notify scripts
 * @param interfaceName      the interface adverts are sent on ({@code interface:})
 * @param vrid               1..255
 * @param version            2 or 3 (default 3; keepalived defaults to 2)
 * @param family             inferred from the VIPs when not given
 * @param priority           1..255, default 100; 255 = address owner
 * @param advertInterval     default 1 s; v3 in 10 ms steps up to 40.95 s, v2 whole seconds 1..255
 * @param virtualAddresses   advertised VIPs, all of {@link #family}; may be empty (the router runs the protocol
 *                           and its notify scripts, no address is added, announced or filtered)
 * @param excludedAddresses  VIPs added on Active but not advertised; may be of either family
 * @param preempt            default true; an owner always preempts
 * @param preemptDelay       0..1000 s (keepalived semantics): after startup, or after seeing a lower-priority
 *                           Active, wait this long before preempting
 * @param acceptMode         default false (RFC 9568 §6.1); keepalived defaults to accept
 * @param checksumMode       the form v3 adverts over IPv4 are sent with (receive accepts both); default
 *                           {@link ChecksumMode#DEFAULT_V3_IPV4}
 * @param unicastSource      the source address for unicast adverts, empty = the interface's primary address
 * @param unicastPeers       when not empty, adverts go to these peers instead of the multicast group
 * @param garp               gratuitous ARP / NA settings
 * @param fastTakeover       on becoming Active send the advert and GARP before any notify script runs; default true
 * @param trackInterfaces    interfaces whose link state moves the priority or forces Fault
 * @param notifyScripts      state-change scripts ({@code notify}, {@code notify_master}, ...)
 * @param checks             health checks whose weights move the priority
 * @param stepDownAnnounce   on stepping down from Active to a higher-priority advert, announce the VIPs with the new
 *                           Active router's MAC (from the neighbour table), so clients our own gratuitous ARP moved
 *                           go back at once; default true, always false with a virtual MAC
 * @param vmacInterface      when present, the instance owns its VIPs with the virtual MAC (RFC 9568 §7.3) on a
 *                           macvlan of this name ({@code vmac: true}, {@code vmac_interface:}); empty = the
 *                           interface's own MAC
 * @param authentication     VRRPv2 authentication sent and required ({@code authentication:}, simple password
 *                           only); {@link VrrpAuthentication#none()} by default and always for VRRPv3
 * @param trackOptions       tracked files and whether the own interface's link is tracked
 *                           ({@code track_files:}, {@code track_primary:})
 * @param routing            routes and rules added while Active, after the VIPs ({@code virtual_routes:},
 *                           {@code virtual_rules:})
 * @param preflight          the start-up listen and what an incompatible peer does ({@code preflight:})
 */
public record InstanceConfig(String name, String interfaceName, int vrid, int version, AddressFamily family,
        int priority, Duration advertInterval, List<VirtualAddress> virtualAddresses,
        List<VirtualAddress> excludedAddresses, boolean preempt, Duration preemptDelay, boolean acceptMode,
        ChecksumMode checksumMode, Optional<InetAddress> unicastSource, List<InetAddress> unicastPeers,
        GarpConfig garp, boolean fastTakeover, List<TrackedInterface> trackInterfaces, NotifyConfig notifyScripts,
        List<CheckSpec> checks, boolean stepDownAnnounce, Optional<String> vmacInterface,
        VrrpAuthentication authentication, TrackOptions trackOptions, VirtualRouting routing,
        PreflightConfig preflight) {

    public static final int OWNER_PRIORITY = 255;
    public static final int DEFAULT_PRIORITY = 100;
    public static final int DEFAULT_VERSION = 3;
    public static final Duration DEFAULT_ADVERT_INTERVAL = Duration.ofSeconds(1);

    public InstanceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(advertInterval, "advertInterval");
        virtualAddresses = List.copyOf(virtualAddresses);
        excludedAddresses = List.copyOf(excludedAddresses);
        Objects.requireNonNull(preemptDelay, "preemptDelay");
        Objects.requireNonNull(checksumMode, "checksumMode");
        Objects.requireNonNull(unicastSource, "unicastSource");
        unicastPeers = List.copyOf(unicastPeers);
        Objects.requireNonNull(garp, "garp");
        trackInterfaces = List.copyOf(trackInterfaces);
        Objects.requireNonNull(notifyScripts, "notifyScripts");
        checks = List.copyOf(checks);
        Objects.requireNonNull(vmacInterface, "vmacInterface");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(trackOptions, "trackOptions");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(preflight, "preflight");
    }

    /** With the default preflight. */
    public InstanceConfig(String name, String interfaceName, int vrid, int version, AddressFamily family,
            int priority, Duration advertInterval, List<VirtualAddress> virtualAddresses,
            List<VirtualAddress> excludedAddresses, boolean preempt, Duration preemptDelay, boolean acceptMode,
            ChecksumMode checksumMode, Optional<InetAddress> unicastSource, List<InetAddress> unicastPeers,
            GarpConfig garp, boolean fastTakeover, List<TrackedInterface> trackInterfaces,
            NotifyConfig notifyScripts, List<CheckSpec> checks, boolean stepDownAnnounce,
            Optional<String> vmacInterface, VrrpAuthentication authentication, TrackOptions trackOptions,
            VirtualRouting routing) {
        this(name, interfaceName, vrid, version, family, priority, advertInterval, virtualAddresses,
                excludedAddresses, preempt, preemptDelay, acceptMode, checksumMode, unicastSource, unicastPeers, garp,
                fastTakeover, trackInterfaces, notifyScripts, checks, stepDownAnnounce, vmacInterface, authentication,
                trackOptions, routing, PreflightConfig.DEFAULT);
    }

    /** Without virtual routes and rules. */
    public InstanceConfig(String name, String interfaceName, int vrid, int version, AddressFamily family,
            int priority, Duration advertInterval, List<VirtualAddress> virtualAddresses,
            List<VirtualAddress> excludedAddresses, boolean preempt, Duration preemptDelay, boolean acceptMode,
            ChecksumMode checksumMode, Optional<InetAddress> unicastSource, List<InetAddress> unicastPeers,
            GarpConfig garp, boolean fastTakeover, List<TrackedInterface> trackInterfaces,
            NotifyConfig notifyScripts, List<CheckSpec> checks, boolean stepDownAnnounce,
            Optional<String> vmacInterface, VrrpAuthentication authentication, TrackOptions trackOptions) {
        this(name, interfaceName, vrid, version, family, priority, advertInterval, virtualAddresses,
                excludedAddresses, preempt, preemptDelay, acceptMode, checksumMode, unicastSource, unicastPeers, garp,
                fastTakeover, trackInterfaces, notifyScripts, checks, stepDownAnnounce, vmacInterface, authentication,
                trackOptions, VirtualRouting.NONE);
    }

    /** Without tracked files, tracking the own interface. */
    public InstanceConfig(String name, String interfaceName, int vrid, int version, AddressFamily family,
            int priority, Duration advertInterval, List<VirtualAddress> virtualAddresses,
            List<VirtualAddress> excludedAddresses, boolean preempt, Duration preemptDelay, boolean acceptMode,
            ChecksumMode checksumMode, Optional<InetAddress> unicastSource, List<InetAddress> unicastPeers,
            GarpConfig garp, boolean fastTakeover, List<TrackedInterface> trackInterfaces,
            NotifyConfig notifyScripts, List<CheckSpec> checks, boolean stepDownAnnounce,
            Optional<String> vmacInterface, VrrpAuthentication authentication) {
        this(name, interfaceName, vrid, version, family, priority, advertInterval, virtualAddresses,
                excludedAddresses, preempt, preemptDelay, acceptMode, checksumMode, unicastSource, unicastPeers, garp,
                fastTakeover, trackInterfaces, notifyScripts, checks, stepDownAnnounce, vmacInterface, authentication,
                TrackOptions.DEFAULT);
    }

    /** Without authentication. */
    public InstanceConfig(String name, String interfaceName, int vrid, int version, AddressFamily family,
            int priority, Duration advertInterval, List<VirtualAddress> virtualAddresses,
            List<VirtualAddress> excludedAddresses, boolean preempt, Duration preemptDelay, boolean acceptMode,
            ChecksumMode checksumMode, Optional<InetAddress> unicastSource, List<InetAddress> unicastPeers,
            GarpConfig garp, boolean fastTakeover, List<TrackedInterface> trackInterfaces,
            NotifyConfig notifyScripts, List<CheckSpec> checks, boolean stepDownAnnounce,
            Optional<String> vmacInterface) {
        this(name, interfaceName, vrid, version, family, priority, advertInterval, virtualAddresses,
                excludedAddresses, preempt, preemptDelay, acceptMode, checksumMode, unicastSource, unicastPeers, garp,
                fastTakeover, trackInterfaces, notifyScripts, checks, stepDownAnnounce, vmacInterface,
                VrrpAuthentication.none());
    }

    /** Without a virtual MAC. */
    public InstanceConfig(String name, String interfaceName, int vrid, int version, AddressFamily family,
            int priority, Duration advertInterval, List<VirtualAddress> virtualAddresses,
            List<VirtualAddress> excludedAddresses, boolean preempt, Duration preemptDelay, boolean acceptMode,
            ChecksumMode checksumMode, Optional<InetAddress> unicastSource, List<InetAddress> unicastPeers,
            GarpConfig garp, boolean fastTakeover, List<TrackedInterface> trackInterfaces,
            NotifyConfig notifyScripts, List<CheckSpec> checks, boolean stepDownAnnounce) {
        this(name, interfaceName, vrid, version, family, priority, advertInterval, virtualAddresses,
                excludedAddresses, preempt, preemptDelay, acceptMode, checksumMode, unicastSource, unicastPeers, garp,
                fastTakeover, trackInterfaces, notifyScripts, checks, stepDownAnnounce, Optional.empty());
    }

    /** Whether the VIPs live on a macvlan with the virtual MAC ({@code vmac: true}). */
    public boolean vmac() {
        return vmacInterface.isPresent();
    }

    /** The same instance with a virtual MAC on {@code name} (step_down_announce off, as it has no use then). */
    public InstanceConfig withVmac(String name) {
        return new InstanceConfig(this.name, interfaceName, vrid, version, family, priority, advertInterval,
                virtualAddresses, excludedAddresses, preempt, preemptDelay, acceptMode, checksumMode, unicastSource,
                unicastPeers, garp, fastTakeover, trackInterfaces, notifyScripts, checks, false, Optional.of(name),
                authentication, trackOptions, routing, preflight);
    }

    /** The same instance sending and requiring {@code auth} (VRRPv2 only). */
    public InstanceConfig withAuthentication(VrrpAuthentication auth) {
        return new InstanceConfig(name, interfaceName, vrid, version, family, priority, advertInterval,
                virtualAddresses, excludedAddresses, preempt, preemptDelay, acceptMode, checksumMode, unicastSource,
                unicastPeers, garp, fastTakeover, trackInterfaces, notifyScripts, checks, stepDownAnnounce,
                vmacInterface, auth, trackOptions, routing, preflight);
    }

    /** The same instance with only {@code vips} as its virtual addresses (a reload's added or removed ones). */
    public InstanceConfig withVirtualAddresses(List<VirtualAddress> vips) {
        return new InstanceConfig(name, interfaceName, vrid, version, family, priority, advertInterval, vips,
                excludedAddresses, preempt, preemptDelay, acceptMode, checksumMode, unicastSource, unicastPeers, garp,
                fastTakeover, trackInterfaces, notifyScripts, checks, stepDownAnnounce, vmacInterface, authentication,
                trackOptions, routing, preflight);
    }

    /** The same instance with these tracked files and own-link tracking. */
    public InstanceConfig withTrackOptions(TrackOptions options) {
        return new InstanceConfig(name, interfaceName, vrid, version, family, priority, advertInterval,
                virtualAddresses, excludedAddresses, preempt, preemptDelay, acceptMode, checksumMode, unicastSource,
                unicastPeers, garp, fastTakeover, trackInterfaces, notifyScripts, checks, stepDownAnnounce,
                vmacInterface, authentication, options, routing, preflight);
    }

    /** The same instance with these virtual routes and rules. */
    public InstanceConfig withRouting(VirtualRouting r) {
        return new InstanceConfig(name, interfaceName, vrid, version, family, priority, advertInterval,
                virtualAddresses, excludedAddresses, preempt, preemptDelay, acceptMode, checksumMode, unicastSource,
                unicastPeers, garp, fastTakeover, trackInterfaces, notifyScripts, checks, stepDownAnnounce,
                vmacInterface, authentication, trackOptions, r, preflight);
    }

    /** The same instance with these preflight settings. */
    public InstanceConfig withPreflight(PreflightConfig settings) {
        return new InstanceConfig(name, interfaceName, vrid, version, family, priority, advertInterval,
                virtualAddresses, excludedAddresses, preempt, preemptDelay, acceptMode, checksumMode, unicastSource,
                unicastPeers, garp, fastTakeover, trackInterfaces, notifyScripts, checks, stepDownAnnounce,
                vmacInterface, authentication, trackOptions, routing, settings);
    }

    /** The same instance with these tracked interfaces and checks (its sync group's merged in). */
    public InstanceConfig withTracking(List<TrackedInterface> tracks, List<CheckSpec> checkSpecs) {
        return new InstanceConfig(name, interfaceName, vrid, version, family, priority, advertInterval,
                virtualAddresses, excludedAddresses, preempt, preemptDelay, acceptMode, checksumMode, unicastSource,
                unicastPeers, garp, fastTakeover, tracks, notifyScripts, checkSpecs, stepDownAnnounce, vmacInterface,
                authentication, trackOptions, routing, preflight);
    }

    /** The default virtual MAC interface name: {@code vrrp.<vrid>} for IPv4, {@code vrrp6.<vrid>} for IPv6. */
    public static String defaultVmacInterface(AddressFamily family, int vrid) {
        return (family == AddressFamily.IPV6 ? "vrrp6." : "vrrp.") + vrid;
    }

    /** The advert interval in centiseconds, the unit of the v3 Max Adver Int field. */
    public int advertIntervalCentiseconds() {
        return (int) (advertInterval.toMillis() / 10);
    }

    public boolean isOwner() {
        return priority == OWNER_PRIORITY;
    }

    public boolean isUnicast() {
        return !unicastPeers.isEmpty();
    }

    /**
     * True when every setting that shapes the protocol (what is sent, where, when, and what is configured on
     * Active) is equal, so a reload can keep this router running untouched. Checks, tracked interfaces and
     * notify scripts are not compared: they can be swapped without a state change.
     */
    public boolean sameProtocolSettings(InstanceConfig other) {
        return ConfigDiff.protocolAspects(this, other).isEmpty();
    }
}
