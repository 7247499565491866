package org.vrrpd.config;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.Durations;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.Addresses;
import org.vrrpd.wire.ChecksumMode;
import org.vrrpd.wire.VrrpAuthentication;

/**
 * Turns one bound {@code instances:} entry into an {@link InstanceConfig}: applies the defaults, checks ranges
 * and the rules that tie settings together, and records every problem at the key it concerns.
 */
final class InstanceValidator {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern IFNAME = Pattern.compile("[^/:\\s]{1,15}");
    static final int MAX_WEIGHT = 253;

    private final Findings findings;
    private final String base;
    private String ctx;

    InstanceValidator(Findings findings, String base, String displayName) {
        this.findings = findings;
        this.base = base;
        this.ctx = "instance '" + displayName + "' ";
    }

    /** A validator for another section's instance-like keys (a sync group's), with its own message prefix. */
    static InstanceValidator section(Findings findings, String base, String ctx) {
        InstanceValidator v = new InstanceValidator(findings, base, "");
        v.ctx = ctx;
        return v;
    }

    private void error(String key, String reason) {
        findings.error(base + key, ctx + reason);
    }

    /** Returns the instance, or null when it has errors (they are in the findings). */
    InstanceConfig validate(RawConfig.Instance raw, List<CheckSpec> checks) {
        int before = findings.errorCount();
        String name = raw.name;
        if (name == null) {
            error("", "has no name");
        } else if (!NAME.matcher(name).matches()) {
            error("/name", "name must be 1-64 letters, digits, '_', '.', '-'");
        }
        if (raw.interfaceName == null) {
            error("", "has no interface");
        } else if (!IFNAME.matcher(raw.interfaceName).matches()) {
            error("/interface", "interface '" + raw.interfaceName + "' is not a valid interface name");
        }
        int vrid = 0;
        if (raw.vrid == null) {
            error("", "has no vrid");
        } else if (raw.vrid < 1 || raw.vrid > 255) {
            error("/vrid", "vrid " + raw.vrid + " out of range 1..255");
        } else {
            vrid = raw.vrid;
        }
        int version = raw.version == null ? InstanceConfig.DEFAULT_VERSION : raw.version;
        if (version != 2 && version != 3) {
            error("/version", "version " + version + " is not 2 or 3");
            version = InstanceConfig.DEFAULT_VERSION;
        }
        int priority = raw.priority == null ? InstanceConfig.DEFAULT_PRIORITY : raw.priority;
        if (priority < 1 || priority > 255) {
            error("/priority", "priority " + priority + " out of range 1..255 (255 = address owner)");
        }

        List<VirtualAddress> vips = addresses(raw.vips, "/vips");
        List<VirtualAddress> excluded = addresses(raw.excludedVips, "/excluded_vips");
        AddressFamily family = family(raw, vips, version);
        // No VIPs is allowed (keepalived too): the router runs the protocol and its notify scripts move the address.
        for (int i = 0; i < vips.size(); i++) {
            if (vips.get(i).family() != family) {
                error("/vips/" + i, "VIP " + vips.get(i).cidr() + " is " + Spellings.family(vips.get(i).family())
                        + " but the instance is " + Spellings.family(family) + " (one family per instance; put the"
                        + " other family's VIPs in a second instance or in 'excluded_vips')");
            }
        }
        duplicates(vips, excluded);
        if (family == AddressFamily.IPV6 && version == 3 && !vips.isEmpty()
                && vips.get(0).family() == AddressFamily.IPV6 && !vips.get(0).address().isLinkLocalAddress()) {
            // Peers drop adverts whose first address is not link-local (RFC 9568 §5.2.9 with erratum 8300),
            // so such a pair would run two Masters: refuse it here rather than split-brain at run time.
            findings.error(base + "/vips/0", ctx + "first IPv6 VIP " + vips.get(0).cidr() + " is not link-local;"
                    + " RFC 9568 §5.2.9 requires the virtual router's link-local address first and peers drop"
                    + " adverts without it (add e.g. fe80::" + Integer.toHexString(raw.vrid == null || raw.vrid < 1 ? 1 : raw.vrid)
                    + "/64 as the first VIP)");
        }

        Duration advert = advertInterval(raw.advertInterval, version);

        boolean preempt = raw.preempt == null || raw.preempt;
        if (priority == InstanceConfig.OWNER_PRIORITY && Boolean.FALSE.equals(raw.preempt)) {
            error("/preempt", "priority 255 (address owner) always preempts (RFC 9568 §6.1); remove 'preempt: false'"
                    + " or lower the priority");
        }
        Duration preemptDelay = raw.preemptDelay == null ? Duration.ZERO : raw.preemptDelay;
        if (preemptDelay.compareTo(Duration.ofSeconds(1000)) > 0) {
            error("/preempt_delay", "preempt_delay " + DurationText.show(preemptDelay) + " out of range 0..1000s");
        } else if (!preempt && !preemptDelay.isZero()) {
            findings.warn(base + "/preempt_delay", ctx + "preempt_delay has no effect with 'preempt: false'");
        }
        ChecksumMode checksum = ChecksumMode.DEFAULT_V3_IPV4;
        if (raw.checksum != null) {
            checksum = checksumMode(raw.checksum);
            if (version != 3 || family != AddressFamily.IPV4) {
                error("/checksum", "checksum applies only to VRRPv3 over IPv4 (v2 never uses a pseudo-header,"
                        + " IPv6 always does)");
            }
        }

        Optional<InetAddress> unicastSource = Optional.empty();
        if (raw.unicastSource != null) {
            unicastSource = unicast(raw.unicastSource, "/unicast_source", "unicast_source", family);
        }
        List<InetAddress> peers = new ArrayList<>();
        if (raw.unicastPeers != null) {
            for (int i = 0; i < raw.unicastPeers.size(); i++) {
                Optional<InetAddress> peer = unicast(raw.unicastPeers.get(i), "/unicast_peers/" + i, "unicast peer",
                        family);
                if (peer.isPresent() && peers.contains(peer.get())) {
                    error("/unicast_peers/" + i, "unicast peer " + Addresses.text(peer.get()) + " listed twice");
                } else if (peer.isPresent() && peer.equals(unicastSource)) {
                    error("/unicast_peers/" + i, "unicast peer " + Addresses.text(peer.get())
                            + " is the unicast_source");
                } else {
                    peer.ifPresent(peers::add);
                }
            }
        }
        if (unicastSource.isPresent() && peers.isEmpty() && raw.unicastPeers == null) {
            findings.warn(base + "/unicast_source", ctx + "unicast_source without unicast_peers: adverts stay"
                    + " multicast, sent from this address");
        }

        GarpConfig garp = garp(raw);
        List<TrackedInterface> tracks = tracks(raw.trackInterfaces);
        NotifyConfig notify = new NotifyConfig(argv(raw.notify, "notify"), argv(raw.notifyMaster, "notify_master"),
                argv(raw.notifyBackup, "notify_backup"), argv(raw.notifyFault, "notify_fault"),
                argv(raw.notifyStop, "notify_stop"));

        Optional<String> vmacInterface = vmac(raw, family, vrid);
        VrrpAuthentication auth = new AuthenticationValidator(findings, base, ctx).validate(raw.authentication,
                version);
        PreflightConfig preflight = new PreflightValidator(findings, base, ctx).validate(raw.preflight, priority);
        TrackOptions trackOptions = new TrackOptionsValidator(findings, base, ctx).validate(raw);
        VirtualRouting routing = new RoutingValidator(findings, base, ctx).validate(raw);

        if (findings.errorCount() > before) {
            return null;
        }
        InstanceConfig c = new InstanceConfig(name, raw.interfaceName, vrid, version, family, priority, advert, vips,
                excluded, preempt, preemptDelay, raw.acceptMode != null && raw.acceptMode, checksum, unicastSource,
                peers, garp, raw.fastTakeover == null || raw.fastTakeover, tracks, notify, checks,
                raw.stepDownAnnounce == null || raw.stepDownAnnounce);
        c = c.withAuthentication(auth).withTrackOptions(trackOptions).withRouting(routing).withPreflight(preflight);
        return vmacInterface.map(c::withVmac).orElse(c);
    }

    /** {@code vmac} and {@code vmac_interface}: the macvlan name when the virtual MAC is on. */
    private Optional<String> vmac(RawConfig.Instance raw, AddressFamily family, int vrid) {
        boolean on = Boolean.TRUE.equals(raw.vmac);
        if (!on) {
            if (raw.vmacInterface != null) {
                error("/vmac_interface", "vmac_interface is set but vmac is not true; add 'vmac: true' to use a"
                        + " virtual MAC");
            }
            return Optional.empty();
        }
        String ifname = raw.vmacInterface != null ? raw.vmacInterface
                : InstanceConfig.defaultVmacInterface(family, vrid);
        if (!IFNAME.matcher(ifname).matches()
                || ifname.getBytes(StandardCharsets.UTF_8).length > 15) {
            error(raw.vmacInterface != null ? "/vmac_interface" : "/vmac", "vmac interface name '" + ifname
                    + "' is not a valid interface name (1-15 bytes, no '/', ':' or blanks)");
            return Optional.empty();
        }
        if (ifname.equals(raw.interfaceName)) {
            error("/vmac_interface", "vmac_interface '" + ifname + "' is the instance's own interface; the virtual"
                    + " MAC needs a macvlan of its own");
            return Optional.empty();
        }
        if (Boolean.TRUE.equals(raw.stepDownAnnounce)) {
            findings.warn(base + "/step_down_announce", ctx + "step_down_announce has no effect with vmac (the"
                    + " VIPs' MAC never changes); it is off");
        }
        return Optional.of(ifname);
    }

    private List<VirtualAddress> addresses(List<RawConfig.Vip> raw, String key) {
        List<VirtualAddress> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        for (int i = 0; i < raw.size(); i++) {
            RawConfig.Vip v = raw.get(i);
            if (v == null || v.address == null) {
                error(key + "/" + i, "VIP has no address");
                continue;
            }
            if (v.dev != null && !IFNAME.matcher(v.dev).matches()) {
                error(key + "/" + i + "/dev", "dev '" + v.dev + "' is not a valid interface name");
            }
            if (v.label != null && (v.label.isEmpty() || v.label.length() > 15)) {
                error(key + "/" + i + "/label", "label '" + v.label + "' must be 1-15 characters");
            }
            try {
                out.add(IpLiterals.prefix(v.address, v.dev, v.label));
            } catch (IllegalArgumentException e) {
                error(key + "/" + i, "VIP " + e.getMessage());
            }
        }
        return out;
    }

    private void duplicates(List<VirtualAddress> vips, List<VirtualAddress> excluded) {
        Set<InetAddress> seen = new HashSet<>();
        for (int i = 0; i < vips.size(); i++) {
            if (!seen.add(vips.get(i).address())) {
                error("/vips/" + i, "VIP " + Addresses.text(vips.get(i).address()) + " listed twice");
            }
        }
        for (int i = 0; i < excluded.size(); i++) {
            if (!seen.add(excluded.get(i).address())) {
                error("/excluded_vips/" + i, "VIP " + Addresses.text(excluded.get(i).address()) + " listed twice");
            }
        }
    }

    private AddressFamily family(RawConfig.Instance raw, List<VirtualAddress> vips, int version) {
        AddressFamily family = vips.isEmpty() ? AddressFamily.IPV4 : vips.get(0).family();
        if (raw.family != null) {
            Optional<AddressFamily> named = Spellings.family(raw.family);
            if (named.isPresent()) {
                family = named.get();
            } else {
                error("/family", "family '" + raw.family + "' is not ipv4 or ipv6");
            }
        }
        if (version == 2 && family == AddressFamily.IPV6) {
            error(raw.version != null ? "/version" : raw.family != null ? "/family" : "/vips",
                    "VRRPv2 is IPv4-only (RFC 3768); use version 3 for IPv6");
        }
        return family;
    }

    private Duration advertInterval(Duration raw, int version) {
        if (raw == null) {
            return InstanceConfig.DEFAULT_ADVERT_INTERVAL;
        }
        long nanos = raw.toNanos();
        if (version == 3) {
            if (nanos % 10_000_000L != 0 || raw.compareTo(Duration.ofMillis(10)) < 0
                    || raw.compareTo(Duration.ofMillis(40_950)) > 0) {
                error("/advert_interval", "advert_interval " + DurationText.show(raw)
                        + " must be a multiple of 10ms between 10ms and 40.95s for VRRPv3");
            }
        } else if (nanos % 1_000_000_000L != 0 || raw.getSeconds() < 1 || raw.getSeconds() > 255) {
            error("/advert_interval", "advert_interval " + DurationText.show(raw)
                    + " must be whole seconds between 1s and 255s for VRRPv2");
        }
        return raw;
    }

    private ChecksumMode checksumMode(String text) {
        Optional<ChecksumMode> named = Spellings.checksum(text);
        if (named.isEmpty()) {
            error("/checksum", "checksum '" + text + "' is not pseudo-header or rfc9568");
        }
        return named.orElse(ChecksumMode.DEFAULT_V3_IPV4);
    }

    private Optional<InetAddress> unicast(String text, String key, String what, AddressFamily family) {
        try {
            InetAddress a = IpLiterals.address(text);
            if (AddressFamily.of(a) != family) {
                error(key, what + " " + Addresses.text(a) + " is " + Spellings.family(AddressFamily.of(a))
                        + " but the instance is " + Spellings.family(family));
                return Optional.empty();
            }
            if (a.isMulticastAddress() || a.isAnyLocalAddress()) {
                error(key, what + " " + Addresses.text(a) + " must be a unicast address");
                return Optional.empty();
            }
            return Optional.of(a);
        } catch (IllegalArgumentException e) {
            error(key, what + " " + e.getMessage());
            return Optional.empty();
        }
    }

    private GarpConfig garp(RawConfig.Instance raw) {
        GarpConfig d = GarpConfig.KEEPALIVED_DEFAULTS;
        int repeat = raw.garpMasterRepeat == null ? d.masterRepeat() : raw.garpMasterRepeat;
        if (repeat < 1 || repeat > 255) {
            error("/garp_master_repeat", "garp_master_repeat " + repeat + " out of range 1..255");
        }
        Duration delay = raw.garpMasterDelay == null ? d.masterDelay() : raw.garpMasterDelay;
        Duration refresh = raw.garpMasterRefresh == null ? d.masterRefresh() : raw.garpMasterRefresh;
        Duration interval = raw.garpInterval == null ? d.interval() : raw.garpInterval;
        if (interval.compareTo(Duration.ofSeconds(1)) > 0) {
            error("/garp_interval", "garp_interval " + DurationText.show(interval) + " out of range 0..1s");
        }
        Duration lowerDelay = raw.garpLowerPrioDelay == null ? delay : raw.garpLowerPrioDelay;
        int lowerRepeat = raw.garpLowerPrioRepeat == null ? repeat : raw.garpLowerPrioRepeat;
        if (lowerRepeat < 0 || lowerRepeat > 255) {
            error("/garp_lower_prio_repeat", "garp_lower_prio_repeat " + lowerRepeat + " out of range 0..255");
        }
        int refreshRepeat = raw.garpMasterRefreshRepeat == null ? 1 : raw.garpMasterRefreshRepeat;
        if (refreshRepeat < 1 || refreshRepeat > 255) {
            error("/garp_master_refresh_repeat", "garp_master_refresh_repeat " + refreshRepeat
                    + " out of range 1..255");
        }
        return new GarpConfig(delay, repeat, refresh, interval, lowerDelay, lowerRepeat, refreshRepeat);
    }

    List<TrackedInterface> tracks(List<RawConfig.Track> raw) {
        List<TrackedInterface> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            RawConfig.Track t = raw.get(i);
            String key = "/track_interfaces/" + i;
            if (t == null || t.name == null || !IFNAME.matcher(t.name).matches()) {
                error(key, "tracked interface needs a valid interface name");
                continue;
            }
            int weight = t.weight == null ? 0 : t.weight;
            if (weight < -MAX_WEIGHT || weight > MAX_WEIGHT) {
                error(key + "/weight", "track_interfaces weight " + weight + " out of range -253..253");
            } else if (!seen.add(t.name)) {
                error(key, "interface '" + t.name + "' tracked twice");
            } else {
                out.add(new TrackedInterface(t.name, weight));
            }
        }
        return out;
    }

    List<String> argv(RawConfig.Argv raw, String key) {
        if (raw == null) {
            return List.of();
        }
        if (raw.args.isEmpty() || !raw.args.get(0).startsWith("/")) {
            error("/" + key, key + " must start with an absolute path to the script");
        }
        return raw.args;
    }

    /** Validates the settings every check shares; the type's own settings are the factory's job. */
    static void checkCommon(Findings findings, String pointer, String ctx, CheckConfig c) {
        if (!NAME.matcher(c.name()).matches()) {
            findings.error(pointer + "/name", ctx + "check name must be 1-64 letters, digits, '_', '.', '-'");
        }
        if (c.interval() == null || c.interval().isZero()) {
            findings.error(pointer + "/interval", ctx + "check '" + c.name() + "' interval must be positive");
        }
        if (c.timeout() == null || c.timeout().isZero()) {
            findings.error(pointer + "/timeout", ctx + "check '" + c.name() + "' timeout must be positive");
        }
        Duration fast = c.fastInterval();
        if (fast != null && (fast.isZero() || fast.isNegative())) {
            findings.error(pointer + "/fast_interval", ctx + "check '" + c.name() + "' fast_interval must be positive");
        } else if (fast != null && c.interval() != null && fast.compareTo(c.interval()) > 0) {
            findings.error(pointer + "/fast_interval", ctx + "check '" + c.name() + "' fast_interval "
                    + Durations.format(fast) + " must not be longer than its interval " + Durations.format(c.interval()));
        }
        if (c.pidFile() != null && !c.pidFile().startsWith("/")) {
            findings.error(pointer + "/pid_file", ctx + "check '" + c.name() + "' pid_file must be an absolute path, got '"
                    + c.pidFile() + "'");
        }
        if (c.rise() < 1) {
            findings.error(pointer + "/rise", ctx + "check '" + c.name() + "' rise " + c.rise() + " must be >= 1");
        }
        if (c.fall() < 1) {
            findings.error(pointer + "/fall", ctx + "check '" + c.name() + "' fall " + c.fall() + " must be >= 1");
        }
        if (c.weight() < -MAX_WEIGHT || c.weight() > MAX_WEIGHT) {
            findings.error(pointer + "/weight",
                    ctx + "check '" + c.name() + "' weight " + c.weight() + " out of range -253..253");
        }
    }
}
