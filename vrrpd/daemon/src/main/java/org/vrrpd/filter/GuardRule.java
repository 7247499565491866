package org.vrrpd.filter;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.wire.AddressFamily;

/**
 * Where the VRRP guard lets adverts in: on {@code interfaceName}, for one address family, from {@code peers}
 * (the instances' unicast peers), or from any source when {@code peers} is empty (a multicast instance there).
 * Every other VRRP packet is dropped and counted.
 */
public record GuardRule(AddressFamily family, String interfaceName, List<InetAddress> peers) {

    public GuardRule {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(interfaceName, "interfaceName");
        peers = List.copyOf(peers);
    }

    public boolean anySource() {
        return peers.isEmpty();
    }

    /**
     * The rules for a set of instances: one per (family, interface), the interface being the instance's and its
     * virtual MAC interface's. A multicast instance opens its interface to any source; unicast ones add their
     * peers.
     */
    public static List<GuardRule> of(List<InstanceConfig> instances) {
        Map<String, Set<InetAddress>> peers = new LinkedHashMap<>();
        Map<String, Boolean> open = new LinkedHashMap<>();
        Map<String, AddressFamily> families = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (InstanceConfig c : instances) {
            List<String> ifaces = new ArrayList<>();
            ifaces.add(c.interfaceName());
            c.vmacInterface().ifPresent(ifaces::add);
            for (String ifname : ifaces) {
                String key = c.family() + "/" + ifname;
                families.put(key, c.family());
                names.put(key, ifname);
                peers.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(c.unicastPeers());
                open.merge(key, !c.isUnicast(), Boolean::logicalOr);
            }
        }
        List<GuardRule> out = new ArrayList<>();
        for (String key : families.keySet()) {
            out.add(new GuardRule(families.get(key), names.get(key),
                    open.get(key) ? List.of() : List.copyOf(peers.get(key))));
        }
        return out;
    }
}
