package org.vrrpd.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.InstanceConfig;

/** keepalived's {@code use_vmac} becomes {@code vmac: true} (and {@code vmac_interface} when it names one). */
class KeepalivedVmacImportTest {

    private static String conf(String vmacLine, String vip) {
        return "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  priority 150\n  " + vmacLine
                + "\n  virtual_ipaddress {\n    " + vip + "\n  }\n}\n";
    }

    private static KeepalivedImporter.Result convert(String text) {
        return KeepalivedImporter.convert(text, "keepalived.conf", Path.of("."));
    }

    @Test
    void useVmac_shouldBecomeVmacTrue_withTheDefaultName() {
        KeepalivedImporter.Result r = convert(conf("use_vmac", "192.0.2.10/24"));
        InstanceConfig c = KeepalivedImporterTest.load(r).instances().get(0);
        assertEquals(Optional.of("vrrp.51"), c.vmacInterface());
        assertFalse(KeepalivedImporterTest.warned(r, "use_vmac"), r.warnings().toString());
    }

    @Test
    void useVmacWithAName_shouldCarryTheName_andWarnAboutACustomMac() {
        KeepalivedImporter.Result r = convert(conf("use_vmac vmail 00:00:5e:00:01:99", "192.0.2.10/24"));
        assertEquals(Optional.of("vmail"), KeepalivedImporterTest.load(r).instances().get(0).vmacInterface());
        assertTrue(KeepalivedImporterTest.warned(r, "use_vmac MAC '00:00:5e:00:01:99' not carried over"));
    }

    @Test
    void useVmacOnIpv6_shouldBecomeVmacOnVrrp6() {
        KeepalivedImporter.Result r = convert(conf("use_vmac", "fe80::51/64"));
        assertEquals(Optional.of("vrrp6.51"), KeepalivedImporterTest.load(r).instances().get(0).vmacInterface());
    }
}
