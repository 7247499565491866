package org.vrrpd.daemon.instance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VirtualAddress;
import org.vrrpd.status.CheckReport;
import org.vrrpd.status.CounterStatus;
import org.vrrpd.status.InstanceStatus;
import org.vrrpd.status.LastTransition;
import org.vrrpd.status.MasterStatus;
import org.vrrpd.status.PriorityContribution;
import org.vrrpd.status.PriorityStatus;
import org.vrrpd.wire.Addresses;

/** Builds an instance's status record from its driver; call on the protocol thread. */
public final class InstanceStatuses {

    private InstanceStatuses() {
    }

    /**
     * @param maintenance whether an operator put the instance in maintenance
     * @param checks      the instance's check reports (their deltas make the priority breakdown)
     * @param now         the snapshot's time, for {@code inStateMs}
     */
    public static InstanceStatus of(InstanceDriver d, boolean maintenance, List<CheckReport> checks, Instant now) {
        InstanceConfig c = d.config();
        MasterStatus master = d.master().map(m -> new MasterStatus(Addresses.text(m.address()), m.priority(),
                m.adverIntervalCs(), m.address().equals(d.sourceAddress()))).orElse(null);
        LastTransition last = d.lastTransition().orElse(null);
        return new InstanceStatus(c.name(), c.interfaceName(), c.vmacInterface().orElse(null), c.vrid(),
                c.family().name().toLowerCase(), c.version(), authentication(c),
                d.state(), d.since(),
                Duration.between(d.since(), now).toMillis(), maintenance, Addresses.text(d.sourceAddress()),
                priority(d, checks), master, c.virtualAddresses().stream().map(VirtualAddress::cidr).toList(), last,
                counters(d.counters()), d.preflight().holdReason().orElse(null));
    }

    private static PriorityStatus priority(InstanceDriver d, List<CheckReport> checks) {
        InstanceConfig c = d.config();
        List<PriorityContribution> contributions = new ArrayList<>();
        int raw = d.basePriority();
        for (CheckReport r : checks) {
            contributions.add(new PriorityContribution(r.name(), r.up(), r.delta()));
            raw += r.delta();
        }
        boolean clamped = !c.isOwner() && (raw < 1 || raw > 254); // vrrpctl status prints "(clamped to 1..254)"
        List<String> faults = d.faultReason() == null ? List.of() : List.of(d.faultReason());
        return new PriorityStatus(d.basePriority(), d.effectivePriority(), c.isOwner(), contributions, clamped,
                faults);
    }

    private static CounterStatus counters(InstanceCounters.Snapshot s) {
        return new CounterStatus(s.advertsSent(), s.advertsReceived(), s.priorityZeroSent(),
                s.priorityZeroReceived(), s.transitions(), s.becameMaster(), s.sendErrors(), s.vipRestored(),
                s.masterDownExpired(),
                new TreeMap<>(s.drops()), new TreeMap<>(s.observations()));
    }

    /** {@code pass}, {@code ah}, or null without authentication. */
    private static String authentication(InstanceConfig c) {
        if (c.authentication().isNone()) {
            return null;
        }
        return c.authentication().isIpAuthHeader() ? "ah" : "pass";
    }
}
