package org.vrrpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.vrrpd.check.builtin.ScriptConfig;

/** The global script_user reaches script checks (docs/CONFIG.md: "user for notify scripts and script checks"). */
class ScriptUserConfigTest {

    private static final String INSTANCE = """
            instances:
              - name: mail
                interface: eth0
                vrid: 51
                vips: [192.0.2.10/24]
                checks:
                  - {type: script, name: queue, command: [/usr/local/bin/check-queue]}
                  - {type: script, name: own, command: [/bin/true], user: nobody}
            """;

    private static ScriptConfig script(VrrpdConfig c, int i) {
        return (ScriptConfig) c.instances().get(0).checks().get(i).config();
    }

    @Test
    void scriptCheckWithoutUser_shouldGetTheGlobalScriptUser() throws Exception {
        VrrpdConfig c = ConfigLoader.parse("global:\n  script_user: mailcheck\n" + INSTANCE, "vrrpd.yaml",
                CheckTypes.discover());
        assertEquals("mailcheck", script(c, 0).defaultUser());
        assertNull(script(c, 0).user());
        assertEquals("nobody", script(c, 1).user());
    }

    @Test
    void withoutGlobalScriptUser_shouldGetTheDefault_vrrpd() throws Exception {
        VrrpdConfig c = ConfigLoader.parse(INSTANCE, "vrrpd.yaml", CheckTypes.discover());
        assertEquals(GlobalConfig.DEFAULT_SCRIPT_USER, script(c, 0).defaultUser());
    }

    @Test
    void theDefaultUser_shouldNotBeAConfigSetting_soReloadsCompareEqual() throws Exception {
        VrrpdConfig a = ConfigLoader.parse("global:\n  script_user: a\n" + INSTANCE, "vrrpd.yaml", CheckTypes.discover());
        VrrpdConfig b = ConfigLoader.parse("global:\n  script_user: b\n" + INSTANCE, "vrrpd.yaml", CheckTypes.discover());
        assertEquals(a.instances().get(0).checks(), b.instances().get(0).checks());
    }
}
