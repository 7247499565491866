package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.ConfigLoader;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.wire.ChecksumMode;
import org.vrrpd.wire.VrrpAuthentication;

/**
 * From the YAML an operator writes to the bytes on the wire: the same settings as keepalived 2.2.7's
 * {@code auth_type PASS} give the same VRRPv2 advert (core's capture {@code v2-ipv4-long-password.pcap}).
 */
class InstanceWireAuthenticationTest {

    /** keepalived 2.2.7: VRID 23, priority 110, advert_int 1, 192.0.2.140/.141, auth_pass 0123456789abc. */
    private static final String KEEPALIVED_ADVERT = "21176e0201011dfac000028cc000028d3031323334353637";

    private static InstanceConfig config(String authentication) throws Exception {
        return ConfigLoader.parse("instances:\n  - name: VI_4\n    interface: eth0\n    vrid: 23\n    version: 2\n"
                + "    priority: 110\n    advert_interval: 1s\n    vips: [192.0.2.140/24, 192.0.2.141/24]\n"
                + authentication, "vrrpd.yaml").instances().get(0);
    }

    @Test
    void passwordLongerThanEightBytes_shouldEncodeAsKeepalivedsAdvert() throws Exception {
        InstanceWire wire = new InstanceWire(config("    authentication: {type: pass, password: 0123456789abc}\n"));
        byte[] ours = wire.advert(110).encode(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("224.0.0.18"),
                ChecksumMode.DEFAULT_V3_IPV4);
        assertArrayEquals(HexFormat.of().parseHex(KEEPALIVED_ADVERT), ours, HexFormat.of().formatHex(ours));
    }

    @Test
    void receiveExpectations_shouldRequireTheConfiguredPassword() throws Exception {
        InstanceWire wire = new InstanceWire(config("    authentication: {type: pass, password: s3cret}\n"));
        assertEquals(VrrpAuthentication.simplePassword("s3cret"), wire.expectations(110).authentication());
        assertEquals(VrrpAuthentication.none(), new InstanceWire(config("")).expectations(110).authentication());
    }
}
