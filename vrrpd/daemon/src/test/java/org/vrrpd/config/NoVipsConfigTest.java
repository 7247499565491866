package org.vrrpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.wire.AddressFamily;

/** Instances without VIPs (keepalived allows a vrrp_instance without virtual_ipaddress). */
class NoVipsConfigTest {

    private static final String HEAD = "instances:\n  - name: cloud\n    interface: eth0\n    vrid: 7\n";

    @Test
    void omittedVips_shouldLoad_asAnInstanceWithoutAddresses() throws Exception {
        VrrpdConfig config = ConfigLoaderTest.parse(HEAD + "    notify_master: [/usr/local/bin/move-eip]\n");
        InstanceConfig c = config.instances().get(0);
        assertEquals(List.of(), c.virtualAddresses());
        assertEquals(AddressFamily.IPV4, c.family());
        assertEquals(List.of("/usr/local/bin/move-eip"), c.notifyScripts().onMaster());
    }

    @Test
    void emptyVips_shouldLoad_andFamilyComesFromTheFamilyKey() throws Exception {
        InstanceConfig c = ConfigLoaderTest.parse(HEAD + "    vips: []\n    family: ipv6\n").instances().get(0);
        assertEquals(List.of(), c.virtualAddresses());
        assertEquals(AddressFamily.IPV6, c.family());
    }

    @Test
    void excludedVipsWithoutVips_shouldStillBeCheckedForDuplicates() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoaderTest.parse(HEAD
                + "    excluded_vips: [192.0.2.10/24, 192.0.2.10/24]\n"));
        assertTrue(e.getMessage().contains("VIP 192.0.2.10 listed twice"), e.getMessage());
    }
}
