package org.vrrpd.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.wire.AddressFamily;

class GuardRuleTest {

    @Test
    void multicastInstance_shouldOpenItsInterfaceToAnySource() throws Exception {
        List<GuardRule> rules = GuardRule.of(FilterConfigs.one("").instances());
        assertEquals(List.of(new GuardRule(AddressFamily.IPV4, "eth0", List.of())), rules);
    }

    @Test
    void unicastInstance_shouldAdmitOnlyItsPeers() throws Exception {
        List<GuardRule> rules = GuardRule.of(FilterConfigs.one("    unicast_peers: [192.0.2.2, 192.0.2.3]\n")
                .instances());
        assertEquals(List.of(new GuardRule(AddressFamily.IPV4, "eth0", List.of(InetAddress.getByName("192.0.2.2"),
                InetAddress.getByName("192.0.2.3")))), rules);
    }

    @Test
    void unicastAndMulticastOnOneInterface_shouldOpenIt() throws Exception {
        List<GuardRule> rules = GuardRule.of(FilterConfigs.parse("instances:\n"
                + "  - name: a\n    interface: eth0\n    vrid: 1\n    vips: [192.0.2.100/24]\n"
                + "    unicast_peers: [192.0.2.2]\n"
                + "  - name: b\n    interface: eth0\n    vrid: 2\n    vips: [192.0.2.101/24]\n").instances());
        assertEquals(1, rules.size());
        assertEquals(true, rules.get(0).anySource());
    }

    @Test
    void families_andVmacInterfaces_shouldGetRulesOfTheirOwn() throws Exception {
        List<GuardRule> rules = GuardRule.of(FilterConfigs.parse("instances:\n"
                + "  - name: a\n    interface: eth0\n    vrid: 1\n    vips: [192.0.2.100/24]\n    vmac: true\n"
                + "    accept_mode: true\n"
                + "  - name: b\n    interface: eth0\n    vrid: 2\n    vips: [fe80::2/64, 2001:db8::100/64]\n")
                .instances());
        assertEquals(List.of("IPV4/eth0", "IPV4/vrrp.1", "IPV6/eth0"),
                rules.stream().map(r -> r.family().name() + "/" + r.interfaceName()).toList());
    }
}
