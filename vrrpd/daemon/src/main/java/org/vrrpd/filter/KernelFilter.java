package org.vrrpd.filter;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VirtualAddress;
import org.vrrpd.config.VrrpdConfig;
import org.vrrpd.net.netlink.NetlinkException;
import org.vrrpd.net.nftables.LinuxNftables;
import org.vrrpd.net.nftables.NftConstants;
import org.vrrpd.net.nftables.NftCounter;
import org.vrrpd.net.nftables.NftOp;
import org.vrrpd.net.nftables.Nftables;

/**
 * Accept_Mode and the VRRP guard, enforced in the kernel through vrrpd's own nf_tables table
 * ({@link FilterRuleset}). A non-owner instance with {@code accept_mode: false} has its VIPs in the drop sets
 * exactly while they are on the host: added before the VIPs are, removed after they are gone. Runs on the
 * protocol thread.
 */
public final class KernelFilter implements VipFilter {

    private static final Logger LOG = LoggerFactory.getLogger(KernelFilter.class);
    private static final NftCounter ZERO = new NftCounter(0, 0);

    private final Nftables nft;
    /** The configuration in force, by instance name: accept_mode is read here, so a reload applies in place. */
    private final Map<String, InstanceConfig> current = new HashMap<>();
    /** Instances whose VIPs are on the host now, with the addresses of theirs that are in the drop sets. */
    private final Map<String, List<InetAddress>> active = new LinkedHashMap<>();
    private boolean guardOn;
    private List<GuardRule> guard = List.of();
    private boolean installed;
    private long failures;

    public KernelFilter(Nftables nft) {
        this.nft = nft;
    }

    /** Over a NETLINK_NETFILTER socket in the calling thread's namespace; kernels without nf_tables fail later. */
    public static KernelFilter open() {
        try {
            return new KernelFilter(LinuxNftables.open());
        } catch (NetlinkException e) {
            return new KernelFilter(Nftables.unavailable(e));
        }
    }

    /** {@link #configure}, with a refusal turned into the reason the start or reload fails. */
    public void configureOrFail(VrrpdConfig config) throws IOException {
        try {
            configure(config);
        } catch (NetlinkException e) {
            throw new IOException("cannot enforce accept_mode false / vrrp_guard with nf_tables table inet "
                    + FilterRuleset.TABLE + ": " + e.getMessage(), e);
        }
    }

    /** {@link #acceptModeChanged}, with a refusal turned into the reason the reload fails. */
    public void acceptModeChangedOrFail(InstanceConfig after) throws IOException {
        try {
            acceptModeChanged(after);
        } catch (NetlinkException e) {
            throw new IOException(after.name() + ": cannot apply accept_mode " + after.acceptMode() + ": "
                    + e.getMessage(), e);
        }
    }

    /** What {@code vrrpctl status --json} shows under {@code kernelFilter}. */
    public record Status(boolean table, boolean vrrpGuard, long guardDrops, long acceptModeDrops,
            List<InetAddress> filteredVips) {
    }

    public Status status() {
        return new Status(installed, guardOn, guardDrops().map(NftCounter::packets).orElse(0L),
                acceptModeDrops().map(NftCounter::packets).orElse(0L), List.copyOf(members()));
    }

    /** Whether {@code config} asks for any kernel filtering at all. */
    public static boolean needed(VrrpdConfig config) {
        return config.global().vrrpGuard() || config.instances().stream().anyMatch(KernelFilter::filtered);
    }

    /**
     * Whether the instance's VIPs are filtered while it is Active: a non-owner with Accept_Mode false that has
     * VIPs (an instance without VIPs puts nothing in the filter).
     */
    public static boolean filtered(InstanceConfig c) {
        return !c.acceptMode() && !c.isOwner() && !c.virtualAddresses().isEmpty();
    }

    /**
     * Puts the table in step with {@code config}, at start (replacing a table a killed run left) and on every
     * reload. Without anything to enforce, a table left behind is removed and none is made.
     */
    public void configure(VrrpdConfig config) throws NetlinkException {
        current.clear();
        config.instances().forEach(c -> current.put(c.name(), c));
        boolean nextGuardOn = config.global().vrrpGuard();
        List<GuardRule> nextGuard = GuardRule.of(config.instances());
        if (!needed(config) && members().isEmpty()) {
            try {
                removeTable();
            } catch (NetlinkException e) {
                if (installed) {
                    throw e;
                }
                LOG.debug("no nf_tables table to remove: {}", e.getMessage());
            }
            guardOn = false;
            guard = List.of();
            return;
        }
        if (installed && nextGuardOn == guardOn && nextGuard.equals(guard)) {
            return;
        }
        NftCounter guardDrops = installed ? counter(FilterRuleset.GUARD_COUNTER) : ZERO;
        NftCounter acceptDrops = installed ? counter(FilterRuleset.ACCEPT_COUNTER) : ZERO;
        nft.commit(NftConstants.NFPROTO_INET, FilterRuleset.table(nextGuardOn, nextGuard, members(), guardDrops,
                acceptDrops));
        installed = true;
        guardOn = nextGuardOn;
        guard = nextGuard;
        LOG.info("nf_tables table inet {} in place: {} VIP(s) filtered, VRRP guard {}", FilterRuleset.TABLE,
                members().size(), guardOn ? "on (" + guard.size() + " interface rule(s))" : "off");
    }

    /** {@code instance} carries the VIPs about to be added: all of them, or those a reload added in place. */
    @Override
    public void beforeAdd(InstanceConfig instance) {
        InstanceConfig c = current.getOrDefault(instance.name(), instance);
        List<InetAddress> before = active.get(instance.name());
        if (!filtered(c) && (before == null || before.isEmpty())) { // accept_mode on: nothing to filter, no commit
            active.put(instance.name(), List.of()); // Active all the same (see acceptModeChanged)
            return;
        }
        List<InetAddress> vips = filtered(c) ? addresses(instance) : List.of();
        List<InetAddress> held = new ArrayList<>(before == null ? List.of() : before);
        for (InetAddress a : vips) { // a loop, not a stream: no lambda bootstrapped at a first takeover
            if (!held.contains(a)) {
                held.add(a);
            }
        }
        active.put(instance.name(), List.copyOf(held));
        commit(FilterRuleset.addMembers(vips), instance.name() + ": cannot filter its VIPs before adding them");
    }

    /** {@code instance} carries the VIPs just removed: all of them, or those a reload removed in place. */
    @Override
    public void afterRemove(InstanceConfig instance) {
        List<InetAddress> held = active.get(instance.name());
        if (held == null) {
            return;
        }
        List<InetAddress> removed = addresses(instance);
        List<InetAddress> left = held.stream().filter(a -> !removed.contains(a)).toList();
        if (left.isEmpty()) {
            active.remove(instance.name());
        } else {
            active.put(instance.name(), left);
        }
        List<InetAddress> gone = held.stream().filter(removed::contains).filter(a -> !members().contains(a))
                .toList();
        if (!gone.isEmpty()) {
            commit(FilterRuleset.removeMembers(gone), instance.name() + ": cannot remove its VIPs from the filter");
        }
    }

    /**
     * A reload changed only accept_mode: puts the running instance's VIPs into the drop sets or takes them out,
     * without touching the VIPs themselves.
     */
    public void acceptModeChanged(InstanceConfig after) throws NetlinkException {
        current.put(after.name(), after);
        List<InetAddress> now = active.get(after.name());
        if (now == null) {
            return; // not Active: the next beforeAdd reads the new setting
        }
        List<InetAddress> wanted = filtered(after) ? addresses(after) : List.of();
        if (wanted.equals(now)) {
            return;
        }
        if (!installed) {
            throw new NetlinkException("the nf_tables table is not in place");
        }
        active.put(after.name(), wanted);
        if (wanted.isEmpty()) {
            List<InetAddress> gone = now.stream().filter(a -> !members().contains(a)).toList();
            nft.commit(NftConstants.NFPROTO_INET, FilterRuleset.removeMembers(gone));
        } else {
            nft.commit(NftConstants.NFPROTO_INET, FilterRuleset.addMembers(wanted));
        }
        LOG.info("{}: accept_mode {} applied in place: {} VIP(s) {} the drop set", after.name(), after.acceptMode(),
                wanted.isEmpty() ? now.size() : wanted.size(), wanted.isEmpty() ? "out of" : "in");
    }

    /** VRRP packets the guard dropped; empty when the guard is off or the counter cannot be read. */
    public Optional<NftCounter> guardDrops() {
        return guardOn ? readCounter(FilterRuleset.GUARD_COUNTER) : Optional.empty();
    }

    /** Packets to filtered VIPs dropped; empty when no table is in place. */
    public Optional<NftCounter> acceptModeDrops() {
        return installed ? readCounter(FilterRuleset.ACCEPT_COUNTER) : Optional.empty();
    }

    /** Set updates the kernel refused (each logged). */
    public long failures() {
        return failures;
    }

    /** The addresses in the drop sets now. */
    public Set<InetAddress> members() {
        Set<InetAddress> all = new LinkedHashSet<>();
        active.values().forEach(all::addAll);
        return all;
    }

    /** On a clean stop, after every instance has removed its VIPs: the table goes, then the socket. */
    public void close() {
        try {
            if (installed) {
                removeTable();
            }
        } catch (NetlinkException e) {
            LOG.warn("cannot remove nf_tables table inet {}: {}", FilterRuleset.TABLE, e.getMessage());
        }
        try {
            nft.close();
        } catch (NetlinkException e) {
            LOG.debug("closing nf_tables socket: {}", e.getMessage());
        }
    }

    private void removeTable() throws NetlinkException {
        // add then delete: removes a table left by a killed run, and is no error when there is none
        nft.commit(NftConstants.NFPROTO_INET, List.of(new NftOp.AddTable(FilterRuleset.TABLE),
                new NftOp.DeleteTable(FilterRuleset.TABLE)));
        installed = false;
    }

    private void commit(List<NftOp> ops, String what) {
        if (ops.isEmpty()) {
            return;
        }
        try {
            nft.commit(NftConstants.NFPROTO_INET, ops);
        } catch (NetlinkException e) {
            failures++;
            LOG.error("{}: {}", what, e.getMessage());
        }
    }

    private NftCounter counter(String name) {
        return readCounter(name).orElse(ZERO);
    }

    private Optional<NftCounter> readCounter(String name) {
        try {
            return nft.counter(NftConstants.NFPROTO_INET, FilterRuleset.TABLE, name);
        } catch (NetlinkException e) {
            LOG.debug("cannot read counter {}: {}", name, e.getMessage());
            return Optional.empty();
        }
    }

    private static List<InetAddress> addresses(InstanceConfig c) {
        List<InetAddress> out = new ArrayList<>();
        for (VirtualAddress v : c.virtualAddresses()) { // on the takeover's path: no stream, no lambda
            if (!out.contains(v.address())) {
                out.add(v.address());
            }
        }
        return List.copyOf(out);
    }
}
