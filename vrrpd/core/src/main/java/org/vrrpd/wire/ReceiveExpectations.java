package org.vrrpd.wire;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one virtual router instance expects of a received advertisement; the input to
 * {@link ReceiveValidator#validate}.
 *
 * @param version             2 or 3
 * @param family              the instance's address family (v2: IPv4 only)
 * @param vrid                1–255
 * @param localPriority       our own priority; 255 means we are the address owner (RFC 9568 §7.1)
 * @param localAdverIntervalCentis our configured Advertisement_Interval in centiseconds; a v2 packet with a
 *                            different interval is dropped, a v3 one is accepted with an observation
 * @param virtualAddresses    the configured VIPs, compared with the advertised list (a MAY check: observed only)
 * @param unicast             unicast mode: the TTL=255 check is skipped and {@code allowedPeers} applies
 * @param allowedPeers        for unicast, the source addresses accepted; empty means any source
 * @param authentication      the v2 authentication configured (v3: {@link VrrpAuthentication#none()})
 */
public record ReceiveExpectations(int version, AddressFamily family, int vrid, int localPriority,
        int localAdverIntervalCentis, List<InetAddress> virtualAddresses, boolean unicast,
        Set<InetAddress> allowedPeers, VrrpAuthentication authentication) {

    public ReceiveExpectations {
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("version must be 2 or 3: " + version);
        }
        Objects.requireNonNull(family, "family");
        if (version == 2 && family != AddressFamily.IPV4) {
            throw new IllegalArgumentException("VRRPv2 is IPv4 only");
        }
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("vrid out of range 1..255: " + vrid);
        }
        if (localPriority < 0 || localPriority > 255) {
            throw new IllegalArgumentException("localPriority out of range 0..255: " + localPriority);
        }
        if (localAdverIntervalCentis < 1) {
            throw new IllegalArgumentException("localAdverIntervalCentis must be positive");
        }
        virtualAddresses = List.copyOf(virtualAddresses);
        allowedPeers = Set.copyOf(allowedPeers);
        Objects.requireNonNull(authentication, "authentication");
    }

    /** A multicast v3 instance: no peers list, no authentication. */
    public static ReceiveExpectations v3(AddressFamily family, int vrid, int localPriority,
            int localAdverIntervalCentis, List<InetAddress> virtualAddresses) {
        return new ReceiveExpectations(3, family, vrid, localPriority, localAdverIntervalCentis, virtualAddresses,
                false, Set.of(), VrrpAuthentication.none());
    }

    /** A multicast v2 (IPv4) instance. */
    public static ReceiveExpectations v2(int vrid, int localPriority, int localAdverIntervalSeconds,
            List<InetAddress> virtualAddresses, VrrpAuthentication authentication) {
        return new ReceiveExpectations(2, AddressFamily.IPV4, vrid, localPriority, localAdverIntervalSeconds * 100,
                virtualAddresses, false, Set.of(), authentication);
    }

    /** The same expectations in unicast mode, accepting only {@code peers} (empty: any source). */
    public ReceiveExpectations withUnicastPeers(Set<InetAddress> peers) {
        return new ReceiveExpectations(version, family, vrid, localPriority, localAdverIntervalCentis,
                virtualAddresses, true, peers, authentication);
    }

    /** Whether we are the address owner (priority 255). */
    public boolean localIsOwner() {
        return localPriority == VrrpAdvertisement.PRIORITY_OWNER;
    }
}
