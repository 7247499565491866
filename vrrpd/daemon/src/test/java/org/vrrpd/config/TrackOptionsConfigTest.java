package org.vrrpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** track_files (keepalived's track_file) and track_primary (dont_track_primary). */
class TrackOptionsConfigTest {

    private static final String HEAD = "instances:\n  - name: mail\n    interface: eth0\n    vrid: 51\n"
            + "    vips: [192.0.2.10/24]\n";

    @Test
    void defaults_shouldTrackThePrimaryInterface_andNoFiles() throws Exception {
        assertEquals(TrackOptions.DEFAULT, ConfigLoaderTest.parse(HEAD).instances().get(0).trackOptions());
    }

    @Test
    void trackFiles_shouldBind_withKeepalivedDefaults() throws Exception {
        InstanceConfig c = ConfigLoaderTest.parse(HEAD + "    track_primary: false\n    track_files:\n"
                + "      - {name: w, file: /run/vrrpd/w}\n"
                + "      - {name: m, file: /run/vrrpd/m, weight: -20, reverse: true, init_file: 5,"
                + " init_overwrite: true}\n").instances().get(0);
        assertFalse(c.trackOptions().trackPrimary());
        assertEquals(List.of(new TrackedFile("w", Path.of("/run/vrrpd/w"), 1, false, OptionalInt.empty(), false),
                new TrackedFile("m", Path.of("/run/vrrpd/m"), -20, true, OptionalInt.of(5), true)),
                c.trackOptions().files());
    }

    @Test
    void badTrackFiles_shouldBeReportedAtTheirKeys() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoaderTest.parse(HEAD
                + "    track_files:\n      - {name: w, file: run/w, weight: 255}\n      - {name: w, file: /run/x}\n"
                + "      - {file: /run/y, init_overwrite: true}\n"));
        String m = e.getMessage();
        assertTrue(m.contains("vrrpd.yaml:7:19: instance 'mail' tracked file needs 'file': an absolute path"), m);
        assertTrue(m.contains("vrrpd.yaml:7:32: instance 'mail' tracked file weight 255 out of range -254..254"), m);
        assertTrue(m.contains("vrrpd.yaml:8:10: instance 'mail' tracked file 'w' listed twice"), m);
        assertTrue(m.contains("vrrpd.yaml:9:9: instance 'mail' tracked file needs a 'name'"), m);
        assertTrue(m.contains("vrrpd.yaml:9:24: instance 'mail' init_overwrite needs init_file"), m);
    }

    @Test
    void changedTrackFiles_shouldBeATrackingChange_andTrackPrimaryATransportOne() throws Exception {
        InstanceConfig a = ConfigLoaderTest.parse(HEAD).instances().get(0);
        InstanceConfig b = ConfigLoaderTest.parse(HEAD + "    track_files: [{name: w, file: /run/w}]\n")
                .instances().get(0);
        InstanceConfig p = ConfigLoaderTest.parse(HEAD + "    track_primary: false\n").instances().get(0);
        assertEquals(Set.of(ConfigDiff.Aspect.TRACKING), ConfigDiff.aspects(a, b));
        assertEquals(Set.of(ConfigDiff.Aspect.TRANSPORT), ConfigDiff.aspects(a, p));
    }
}
