package org.vrrpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code vrrpd config check} warns about what a valid file names that this host lacks. */
class HostWarningsTest {

    /** A host with eth0 (192.0.2.1, 2001:db8::1) and eth1 (no address). */
    private static final HostInterfaces HOST = name -> Optional.ofNullable(Map.of(
            "eth0", List.of(ip("192.0.2.1"), ip("2001:db8::1")),
            "eth1", List.<InetAddress>of()).get(name));

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> warnings(String instance) throws ConfigException {
        return HostWarnings.of(ConfigLoader.parse("instances:\n  - name: vi\n    vrid: 7\n" + instance, "t.yaml"),
                HOST);
    }

    @Test
    void anInstanceOnPresentInterfaces_shouldGiveNoWarning() throws ConfigException {
        assertEquals(List.of(), warnings("    interface: eth0\n    vips: [192.0.2.10/24]\n"
                + "    track_interfaces: [eth1]\n    unicast_source: 192.0.2.1\n    unicast_peers: [192.0.2.2]\n"));
    }

    @Test
    void anAbsentInterface_shouldBeNamed() throws ConfigException {
        assertEquals(List.of("instance 'vi': interface eth9 does not exist on this host"),
                warnings("    interface: eth9\n    vips: [192.0.2.10/24]\n"));
    }

    @Test
    void anAbsentVmacParent_shouldBeNamedWithItsMacvlan() throws ConfigException {
        assertEquals(List.of("instance 'vi': interface eth9 (the parent of its vmac vrrp.7) does not exist on this host"),
                warnings("    interface: eth9\n    vmac: true\n    vips: [192.0.2.10/24]\n"));
    }

    @Test
    void anAbsentTrackedInterface_shouldBeNamed() throws ConfigException {
        assertEquals(List.of("instance 'vi': tracked interface bond7 does not exist on this host"),
                warnings("    interface: eth0\n    vips: [192.0.2.10/24]\n    track_interfaces: [eth1, bond7]\n"));
    }

    @Test
    void aUnicastSourceNotOnTheInterface_shouldBeNamed() throws ConfigException {
        assertEquals(List.of("instance 'vi': unicast_source 192.0.2.99 is not an address of eth0 on this host"),
                warnings("    interface: eth0\n    vips: [192.0.2.10/24]\n"
                        + "    unicast_source: 192.0.2.99\n    unicast_peers: [192.0.2.2]\n"));
    }

    @Test
    void thisHostsLoopback_shouldExist_andAMadeUpNameShouldNot() {
        HostInterfaces here = HostInterfaces.ofThisHost();
        assertTrue(here.addresses("lo").isPresent());
        assertTrue(here.addresses("lo").get().stream().anyMatch(InetAddress::isLoopbackAddress));
        assertTrue(here.addresses("vrrpdnone0").isEmpty());
    }
}
