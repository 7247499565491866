package org.vrrpd.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a valid configuration asks of this host that the host does not have: an {@code interface} (the parent of a
 * {@code vmac} macvlan) or a tracked interface that does not exist, a {@code unicast_source} that is not an address
 * of the interface. Warnings, not errors: files are checked on other machines than the one they are for, and
 * interfaces come and go (a VLAN created later at boot). Pure: the host is a {@link HostInterfaces}.
 */
public final class HostWarnings {

    private HostWarnings() {
    }

    /** One sentence per finding, in file order; empty when the host has everything the file names. */
    public static List<String> of(VrrpdConfig config, HostInterfaces host) {
        List<String> warnings = new ArrayList<>();
        for (InstanceConfig ic : config.instances()) {
            String who = "instance '" + ic.name() + "': ";
            Optional<List<InetAddress>> addresses = host.addresses(ic.interfaceName());
            if (addresses.isEmpty()) {
                warnings.add(who + "interface " + ic.interfaceName()
                        + (ic.vmac() ? " (the parent of its vmac " + ic.vmacInterface().get() + ")" : "")
                        + " does not exist on this host");
            } else if (ic.unicastSource().isPresent() && !has(addresses.get(), ic.unicastSource().get())
                    && !onVmac(ic, host)) {
                warnings.add(who + "unicast_source " + ic.unicastSource().get().getHostAddress()
                        + " is not an address of " + ic.interfaceName() + " on this host");
            }
            for (TrackedInterface t : ic.trackInterfaces()) {
                if (host.addresses(t.name()).isEmpty()) {
                    warnings.add(who + "tracked interface " + t.name() + " does not exist on this host");
                }
            }
        }
        return List.copyOf(warnings);
    }

    private static boolean onVmac(InstanceConfig ic, HostInterfaces host) {
        return ic.vmac() && host.addresses(ic.vmacInterface().get())
                .map(a -> has(a, ic.unicastSource().get())).orElse(false);
    }

    /** Equal addresses, ignoring an IPv6 scope (a link-local source is written without {@code %eth0}). */
    private static boolean has(List<InetAddress> addresses, InetAddress wanted) {
        for (InetAddress a : addresses) {
            if (a.equals(wanted) || Arrays.equals(a.getAddress(), wanted.getAddress())) {
                return true;
            }
        }
        return false;
    }
}
