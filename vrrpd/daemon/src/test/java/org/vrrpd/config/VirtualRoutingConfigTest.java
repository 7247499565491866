package org.vrrpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vrrpd.wire.AddressFamily;

/** virtual_routes and virtual_rules (keepalived's keywords of the same names). */
class VirtualRoutingConfigTest {

    private static final String HEAD = "instances:\n  - name: mail\n    interface: eth0\n    vrid: 51\n"
            + "    vips: [192.0.2.10/24]\n";

    @Test
    void routesAndRules_shouldBind_withMainTableByDefault() throws Exception {
        InstanceConfig c = ConfigLoaderTest.parse(HEAD + "    virtual_routes:\n"
                + "      - {to: 198.51.100.0/24, via: 192.0.2.254}\n"
                + "      - {to: 2001:db8:1::/48, dev: eth1, table: 1000, metric: 5}\n"
                + "    virtual_rules:\n      - {from: 192.0.2.10/32, table: 100, priority: 1000}\n").instances().get(0);
        assertEquals(List.of(
                new VirtualRoute(InetAddress.getByName("198.51.100.0"), 24,
                        Optional.of(InetAddress.getByName("192.0.2.254")), Optional.empty(), 254, 0),
                new VirtualRoute(InetAddress.getByName("2001:db8:1::"), 48, Optional.empty(), Optional.of("eth1"),
                        1000, 5)), c.routing().routes());
        assertEquals(List.of(new VirtualRule(AddressFamily.IPV4, Optional.of(InetAddress.getByName("192.0.2.10")), 32,
                Optional.empty(), 0, 100, 1000)), c.routing().rules());
    }

    @Test
    void badRoutesAndRules_shouldBeReportedAtTheirKeys() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoaderTest.parse(HEAD
                + "    virtual_routes:\n      - {to: 198.51.100.0/33}\n      - {to: 198.51.100.0/24, via: 2001:db8::1}\n"
                + "      - {via: 192.0.2.1}\n"
                + "    virtual_rules:\n      - {table: 100}\n      - {from: 192.0.2.10/32}\n"));
        String m = e.getMessage();
        assertTrue(m.contains("vrrpd.yaml:7:10: instance 'mail' virtual route 'to' '198.51.100.0/33': prefix length"
                + " must be 0..32"), m);
        assertTrue(m.contains("vrrpd.yaml:8:31: instance 'mail' virtual route gateway 2001:db8::1 is not of the"
                + " family of 198.51.100.0/24"), m);
        assertTrue(m.contains("vrrpd.yaml:9:9: instance 'mail' virtual route needs 'to'"), m);
        assertTrue(m.contains("vrrpd.yaml:11:9: instance 'mail' virtual rule needs 'from' or 'to'"), m);
        assertTrue(m.contains("vrrpd.yaml:12:9: instance 'mail' virtual rule needs 'table'"), m);
    }

    @Test
    void changedRoutes_shouldBeAnAddressesChange() throws Exception {
        InstanceConfig a = ConfigLoaderTest.parse(HEAD).instances().get(0);
        InstanceConfig b = ConfigLoaderTest.parse(HEAD + "    virtual_routes: [{to: 198.51.100.0/24}]\n")
                .instances().get(0);
        assertEquals(Set.of(ConfigDiff.Aspect.ADDRESSES), ConfigDiff.aspects(a, b));
    }
}
