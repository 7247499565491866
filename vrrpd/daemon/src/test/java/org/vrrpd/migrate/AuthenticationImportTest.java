package org.vrrpd.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.migrate.KeepalivedImporterTest.load;
import static org.vrrpd.migrate.KeepalivedImporterTest.warned;

import org.junit.jupiter.api.Test;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VrrpdConfig;
import org.vrrpd.wire.VrrpAuthentication;

/** keepalived's {@code authentication} block: PASS and AH carried over, v3 reported. */
class AuthenticationImportTest {

    private static KeepalivedImporter.Result convert(String global, String auth) {
        return KeepalivedImporter.convert(global + "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 7\n"
                + " priority 150\n authentication {\n" + auth + " }\n virtual_ipaddress {\n 192.0.2.7/24\n }\n}\n",
                "auth.conf", null);
    }

    @Test
    void authTypePass_shouldBecomeAuthenticationPass_withThePassword() {
        KeepalivedImporter.Result r = convert("", "  auth_type PASS\n  auth_pass s3cret\n");
        InstanceConfig c = load(r).instances().get(0);
        assertEquals(2, c.version());
        assertEquals(VrrpAuthentication.simplePassword("s3cret"), c.authentication());
        assertTrue(r.yaml().contains("type: pass"), r.yaml());
        assertFalse(warned(r, "not carried over"), r.warnings().toString());
    }

    @Test
    void longAuthPass_shouldBeCopiedAsWritten_andTruncatedByTheLoaderLikeKeepalived() {
        KeepalivedImporter.Result r = convert("", "  auth_type pass\n  auth_pass 0123456789abc\n");
        VrrpdConfig cfg = load(r);
        assertEquals(VrrpAuthentication.simplePassword("01234567"), cfg.instances().get(0).authentication());
        assertTrue(cfg.warnings().stream().anyMatch(w -> w.reason().contains("longer than 8 bytes")),
                cfg.warnings().toString());
    }

    @Test
    void authTypeAh_shouldBecomeAuthenticationAh_withThePasswordAsKey_andAWarningThatItIsWeak() {
        KeepalivedImporter.Result r = convert("", "  auth_type AH\n  auth_pass s3cret\n");
        assertEquals(VrrpAuthentication.ipAuthHeader("s3cret"), load(r).instances().get(0).authentication());
        assertTrue(r.yaml().contains("type: ah"), r.yaml());
        assertTrue(warned(r, "auth.conf:5: authentication AH carried over with its key inline; HMAC-MD5"),
                r.warnings().toString());
        assertFalse(warned(r, "not carried over"), r.warnings().toString());
    }

    @Test
    void ahWithoutAuthPass_shouldWarn() {
        KeepalivedImporter.Result r = convert("", "  auth_type ah\n");
        assertTrue(warned(r, "auth_type AH without auth_pass"), r.warnings().toString());
        load(r);
    }

    @Test
    void authenticationOnVrrpV3_shouldBeDroppedWithAWarning_asKeepalivedIgnoresIt() {
        KeepalivedImporter.Result r = convert("global_defs {\n vrrp_version 3\n}\n",
                "  auth_type PASS\n  auth_pass s3cret\n");
        assertTrue(warned(r, "the instance runs VRRPv3, which has no authentication"), r.warnings().toString());
        assertEquals(3, load(r).instances().get(0).version());
    }

    @Test
    void passWithoutAuthPass_shouldWarn() {
        KeepalivedImporter.Result r = convert("", "  auth_type PASS\n");
        assertTrue(warned(r, "auth_type PASS without auth_pass"), r.warnings().toString());
        load(r);
    }
}
