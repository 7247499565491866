package org.vrrpd.config;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What {@code vrrpd config check} knows of this host's network interfaces: whether one exists and its addresses.
 * Read through the JDK ({@link NetworkInterface}: the kernel's interface list); no native code of ours.
 */
@FunctionalInterface
public interface HostInterfaces {

    /** The addresses on the named interface; empty when no interface of that name exists here. */
    Optional<List<InetAddress>> addresses(String interfaceName);

    /** This host's interfaces, read at each call; an interface that cannot be read counts as present. */
    static HostInterfaces ofThisHost() {
        return name -> {
            try {
                NetworkInterface nif = NetworkInterface.getByName(name);
                return nif == null ? Optional.empty() : Optional.of(Collections.list(nif.getInetAddresses()));
            } catch (SocketException e) {
                return Optional.of(List.of());
            }
        };
    }
}
