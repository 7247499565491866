package org.vrrpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vrrpd.check.host.PluginHostSettings;

class PluginHostConfigTest {

    private static final String INSTANCES = "instances:\n  - name: web\n    interface: eth0\n    vrid: 7\n"
            + "    vips: [192.0.2.10/24]\n";

    private static VrrpdConfig parse(String global) throws ConfigException {
        return ConfigLoader.parse("global:\n" + global + INSTANCES, "vrrpd.yaml", TestChecks.types());
    }

    @Test
    void noPluginHostSection_shouldMean64mHeap64ThreadsNice10() throws Exception {
        assertEquals(new PluginHostSettings("64m", 64, 10), parse("  log_level: info\n").global().pluginHost());
    }

    @Test
    void pluginHostSettings_shouldBeRead() throws Exception {
        assertEquals(new PluginHostSettings("128m", 200, 19),
                parse("  plugin_host: {heap: 128m, max_threads: 200, nice: 19}\n").global().pluginHost());
        assertEquals(new PluginHostSettings("32m", 64, 10),
                parse("  plugin_host: {heap: 32m}\n").global().pluginHost());
    }

    @Test
    void badPluginHostSettings_shouldBeRefusedAtTheirKey() {
        ConfigException heap = assertThrows(ConfigException.class, () -> parse("  plugin_host: {heap: lots}\n"));
        assertTrue(heap.getMessage().contains("global: plugin_host: heap 'lots' is not a size such as 64m"),
                heap.getMessage());
        ConfigException tiny = assertThrows(ConfigException.class, () -> parse("  plugin_host: {heap: 1m}\n"));
        assertTrue(tiny.getMessage().contains("outside 16m..4g"), tiny.getMessage());
        ConfigException threads = assertThrows(ConfigException.class,
                () -> parse("  plugin_host: {max_threads: 4}\n"));
        assertTrue(threads.getMessage().contains("max_threads 4 is outside 32..4096"), threads.getMessage());
        ConfigException nice = assertThrows(ConfigException.class, () -> parse("  plugin_host: {nice: -5}\n"));
        assertTrue(nice.getMessage().contains("nice -5 is outside 0..19"), nice.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> parse("  plugin_host: {heap_size: 64m}\n"));
        assertTrue(unknown.getMessage().contains("heap_size"), unknown.getMessage());
    }
}
