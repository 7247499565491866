package org.vrrpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.config.ConfigErrorsTest.assertOneError;
import static org.vrrpd.config.ConfigErrorsTest.instance;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code vmac} and {@code vmac_interface}: defaults, names and the rules that tie them to other settings. */
class VmacConfigTest {

    private static InstanceConfig only(String yaml) throws ConfigException {
        return ConfigLoaderTest.parse(yaml).instances().get(0);
    }

    @Test
    void vmac_shouldBeOffByDefault() throws Exception {
        InstanceConfig c = only(instance(""));
        assertFalse(c.vmac());
        assertEquals(Optional.empty(), c.vmacInterface());
        assertTrue(c.stepDownAnnounce());
    }

    @Test
    void vmacTrue_shouldNameTheLinkVrrpDotVrid_andTurnStepDownAnnounceOff() throws Exception {
        InstanceConfig c = only(instance("vmac: true"));
        assertEquals(Optional.of("vrrp.51"), c.vmacInterface());
        assertFalse(c.stepDownAnnounce());
    }

    @Test
    void vmacInterface_shouldBeUsedAsGiven() throws Exception {
        assertEquals(Optional.of("mailvmac"), only(instance("vmac: true\nvmac_interface: mailvmac")).vmacInterface());
    }

    @Test
    void vmacInterfaceOver15Bytes_shouldBeAnErrorAtItsLine() {
        assertOneError("vrrpd.yaml:7:5: instance 'mail' vmac interface name 'vrrp.mail.backup' is not a valid"
                + " interface name (1-15 bytes, no '/', ':' or blanks)",
                instance("vmac: true\nvmac_interface: vrrp.mail.backup"));
    }

    @Test
    void vmacInterfaceWithoutVmac_shouldBeAnError() {
        assertOneError("vrrpd.yaml:6:5: instance 'mail' vmac_interface is set but vmac is not true; add 'vmac: true'"
                + " to use a virtual MAC", instance("vmac_interface: vrrp.51"));
    }

    @Test
    void vmacInterfaceEqualToTheInterface_shouldBeAnError() {
        assertOneError("vrrpd.yaml:7:5: instance 'mail' vmac_interface 'eth0' is the instance's own interface; the"
                + " virtual MAC needs a macvlan of its own", instance("vmac: true\nvmac_interface: eth0"));
    }

    @Test
    void vmacOnIpv6_shouldNameTheLinkVrrp6DotVrid() throws Exception {
        String yaml = instance("vmac: true").replace("vips: [192.0.2.10/24]", "vips: [fe80::33/64, 2001:db8::10/64]");
        assertEquals(Optional.of("vrrp6.51"), only(yaml).vmacInterface());
    }

    @Test
    void twoInstancesOnOneVmacInterface_shouldBeAnError() {
        String yaml = instance("vmac: true\nvmac_interface: vmail") + "  - name: web\n    interface: eth0\n"
                + "    vrid: 52\n    vips: [192.0.2.11/24]\n    vmac: true\n    vmac_interface: vmail\n";
        assertOneError("vrrpd.yaml:13:5: instance 'web' vmac interface vmail is already used by the instance at"
                + " line 2", yaml);
    }

    @Test
    void stepDownAnnounceTrue_withVmac_shouldWarnAndStayOff() throws Exception {
        VrrpdConfig config = ConfigLoaderTest.parse(instance("vmac: true\nstep_down_announce: true\naccept_mode: true"));
        assertFalse(config.instances().get(0).stepDownAnnounce());
        assertEquals(1, config.warnings().size(), config.warnings().toString());
        assertTrue(config.warnings().get(0).reason().contains("step_down_announce has no effect with vmac"));
    }

    @Test
    void changingVmac_shouldRestartTheRouterOnReload() throws Exception {
        InstanceConfig before = only(instance(""));
        InstanceConfig after = only(instance("vmac: true"));
        assertFalse(before.sameProtocolSettings(after));
    }
}
