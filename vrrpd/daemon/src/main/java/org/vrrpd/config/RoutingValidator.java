package org.vrrpd.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.Addresses;

/** Validates an instance's {@code virtual_routes:} and {@code virtual_rules:} into {@link VirtualRouting}. */
final class RoutingValidator {

    private static final Pattern IFNAME = Pattern.compile("[^/:\\s]{1,15}");
    private static final long MAX_U32 = 0xFFFFFFFFL;

    private final Findings findings;
    private final String base;
    private final String ctx;

    RoutingValidator(Findings findings, String base, String ctx) {
        this.findings = findings;
        this.base = base;
        this.ctx = ctx;
    }

    VirtualRouting validate(RawConfig.Instance raw) {
        return new VirtualRouting(routes(raw.virtualRoutes), rules(raw.virtualRules));
    }

    private List<VirtualRoute> routes(List<RawConfig.RouteEntry> raw) {
        List<VirtualRoute> out = new ArrayList<>();
        for (int i = 0; raw != null && i < raw.size(); i++) {
            RawConfig.RouteEntry r = raw.get(i);
            String key = base + "/virtual_routes/" + i;
            int before = findings.errorCount();
            if (r == null || r.to == null) {
                findings.error(key, ctx + "virtual route needs 'to': a destination prefix");
                continue;
            }
            VirtualAddress to = prefix(r.to, key + "/to", "virtual route 'to'");
            Optional<InetAddress> via = Optional.empty();
            if (r.via != null) {
                via = address(r.via, key + "/via", "virtual route 'via'");
                if (to != null && via.isPresent() && AddressFamily.of(via.get()) != to.family()) {
                    findings.error(key + "/via", ctx + "virtual route gateway " + Addresses.text(via.get())
                            + " is not of the family of " + to.cidr());
                }
            }
            if (r.dev != null && !IFNAME.matcher(r.dev).matches()) {
                findings.error(key + "/dev", ctx + "virtual route dev '" + r.dev + "' is not a valid interface name");
            }
            long table = u32(r.table, VirtualRoute.MAIN_TABLE, key + "/table", "table");
            long metric = r.metric == null ? 0 : u32(r.metric, 0, key + "/metric", "metric");
            if (findings.errorCount() == before) {
                out.add(new VirtualRoute(to.address(), to.prefixLength(), via, Optional.ofNullable(r.dev), table,
                        metric));
            }
        }
        return out;
    }

    private List<VirtualRule> rules(List<RawConfig.RuleEntry> raw) {
        List<VirtualRule> out = new ArrayList<>();
        for (int i = 0; raw != null && i < raw.size(); i++) {
            RawConfig.RuleEntry r = raw.get(i);
            String key = base + "/virtual_rules/" + i;
            int before = findings.errorCount();
            if (r == null || (r.from == null && r.to == null)) {
                findings.error(key, ctx + "virtual rule needs 'from' or 'to' (a prefix)");
                continue;
            }
            VirtualAddress from = r.from == null ? null : prefix(r.from, key + "/from", "virtual rule 'from'");
            VirtualAddress to = r.to == null ? null : prefix(r.to, key + "/to", "virtual rule 'to'");
            if (from != null && to != null && from.family() != to.family()) {
                findings.error(key + "/to", ctx + "virtual rule 'from' and 'to' must be of one family");
            }
            if (r.table == null) {
                findings.error(key, ctx + "virtual rule needs 'table': the table to look up");
            }
            long table = u32(r.table, 0, key + "/table", "table");
            long priority = r.priority == null ? 0 : u32(r.priority, 0, key + "/priority", "priority");
            if (findings.errorCount() == before) {
                AddressFamily family = from != null ? from.family() : to.family();
                out.add(new VirtualRule(family, Optional.ofNullable(from).map(VirtualAddress::address),
                        from == null ? 0 : from.prefixLength(), Optional.ofNullable(to).map(VirtualAddress::address),
                        to == null ? 0 : to.prefixLength(), table, priority));
            }
        }
        return out;
    }

    private VirtualAddress prefix(String text, String key, String what) {
        try {
            return IpLiterals.prefix(text, null, null);
        } catch (IllegalArgumentException e) {
            findings.error(key, ctx + what + " " + e.getMessage());
            return null;
        }
    }

    private Optional<InetAddress> address(String text, String key, String what) {
        try {
            return Optional.of(IpLiterals.address(text));
        } catch (IllegalArgumentException e) {
            findings.error(key, ctx + what + " " + e.getMessage());
            return Optional.empty();
        }
    }

    private long u32(Long value, long fallback, String key, String what) {
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > MAX_U32) {
            findings.error(key, ctx + what + " " + value + " out of range 1..4294967295");
        }
        return value;
    }
}
