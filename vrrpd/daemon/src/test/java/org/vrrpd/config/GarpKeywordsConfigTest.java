package org.vrrpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** garp_lower_prio_delay / garp_lower_prio_repeat / garp_master_refresh_repeat (keepalived's keywords). */
class GarpKeywordsConfigTest {

    private static final String HEAD = "instances:\n  - name: mail\n    interface: eth0\n    vrid: 51\n"
            + "    vips: [192.0.2.10/24]\n";

    @Test
    void defaults_shouldFollowTheMasterBurst() throws Exception {
        GarpConfig g = ConfigLoaderTest.parse(HEAD + "    garp_master_delay: 2s\n    garp_master_repeat: 3\n")
                .instances().get(0).garp();
        assertEquals(Duration.ofSeconds(2), g.lowerPrioDelay());
        assertEquals(3, g.lowerPrioRepeat());
        assertEquals(1, g.refreshRepeat());
    }

    @Test
    void explicitValues_shouldBind_andBadOnesBeReported() throws Exception {
        GarpConfig g = ConfigLoaderTest.parse(HEAD + "    garp_lower_prio_delay: 0s\n    garp_lower_prio_repeat: 0\n"
                + "    garp_master_refresh_repeat: 4\n").instances().get(0).garp();
        assertEquals(Duration.ZERO, g.lowerPrioDelay());
        assertEquals(0, g.lowerPrioRepeat());
        assertEquals(4, g.refreshRepeat());
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoaderTest.parse(HEAD
                + "    garp_lower_prio_repeat: 256\n    garp_master_refresh_repeat: 0\n"));
        assertTrue(e.getMessage().contains("vrrpd.yaml:6:5: instance 'mail' garp_lower_prio_repeat 256 out of range"
                + " 0..255"), e.getMessage());
        assertTrue(e.getMessage().contains("instance 'mail' garp_master_refresh_repeat 0 out of range 1..255"),
                e.getMessage());
    }
}
