package org.vrrpd.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@code vrrp_instance} whose {@code virtual_ipaddress} holds addresses of both families. keepalived runs it
 * in the family of its first VIP and carries the others along unadvertised; vrrpd runs one instance per family.
 * The importer splits it: {@code NAME} keeps the IPv4 addresses, {@code NAME_6} gets the IPv6 ones, each with the
 * unicast peers and source of its own family, and a sync group joins the two so their VIPs move together.
 */
final class FamilySplit {

    static final String SUFFIX = "_6";
    private static final Set<String> ADDRESS_LISTS = Set.of("virtual_ipaddress", "virtual_ipaddress_excluded",
            "unicast_peer");
    private static final Set<String> SOURCES = Set.of("unicast_src_ip", "mcast_src_ip");

    private FamilySplit() {
    }

    /** Whether {@code block}'s virtual_ipaddress names addresses of both families. */
    static boolean isMixed(KeepalivedNode block) {
        boolean v4 = false;
        boolean v6 = false;
        for (KeepalivedNode c : block.children()) {
            if (c.keyword().equals("virtual_ipaddress")) {
                for (KeepalivedNode vip : c.children()) {
                    v6 |= isIpv6(vip.keyword());
                    v4 |= !isIpv6(vip.keyword());
                }
            }
        }
        return v4 && v6;
    }

    /** The part of {@code block} for one family, named {@code name}. */
    static KeepalivedNode part(KeepalivedNode block, boolean ipv6, String name) {
        List<KeepalivedNode> children = new ArrayList<>();
        for (KeepalivedNode c : block.children()) {
            if (ADDRESS_LISTS.contains(c.keyword())) {
                List<KeepalivedNode> kept = c.children().stream().filter(a -> isIpv6(a.keyword()) == ipv6).toList();
                if (!kept.isEmpty() || c.keyword().equals("virtual_ipaddress")) {
                    children.add(new KeepalivedNode(c.keyword(), c.args(), kept, c.where()));
                }
            } else if (SOURCES.contains(c.keyword())) {
                if (c.arg(0) != null && isIpv6(c.arg(0)) == ipv6) {
                    children.add(c);
                }
            } else if (!(ipv6 && c.keyword().equals("authentication"))) {
                children.add(c); // IPv6 is VRRPv3, which has no authentication
            }
        }
        List<String> args = new ArrayList<>(block.args());
        args.set(0, name);
        return new KeepalivedNode(block.keyword(), args, children, block.where());
    }

    static boolean isIpv6(String address) {
        return address.contains(":");
    }
}
