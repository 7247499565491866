package org.vrrpd.daemon.preflight;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VirtualAddress;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.ChecksumMode;
import org.vrrpd.wire.VrrpAuthentication;

/**
 * What this instance speaks, the side a peer's adverts are compared with.
 *
 * @param instance       the instance name, for the fix texts
 * @param vrid           the VRID listened to
 * @param version        2 or 3
 * @param family         the instance's address family
 * @param authentication VRRPv2 authentication sent and required
 * @param intervalCs     the advert interval in centiseconds (v2: whole seconds × 100)
 * @param vips           the advertised VIPs
 * @param checksum       the checksum form our adverts carry
 */
public record LocalSettings(String instance, int vrid, int version, AddressFamily family,
        VrrpAuthentication authentication, int intervalCs, List<InetAddress> vips, ChecksumMode checksum) {

    public LocalSettings {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(authentication, "authentication");
        vips = List.copyOf(vips);
        Objects.requireNonNull(checksum, "checksum");
    }

    public static LocalSettings of(InstanceConfig c) {
        int intervalCs = c.version() == 2 ? (int) c.advertInterval().toSeconds() * 100 : c.advertIntervalCentiseconds();
        return new LocalSettings(c.name(), c.vrid(), c.version(), c.family(), c.authentication(), intervalCs,
                c.virtualAddresses().stream().map(VirtualAddress::address).toList(),
                ChecksumMode.effective(c.version(), c.family(), c.checksumMode()));
    }
}
