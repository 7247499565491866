package org.vrrpd.daemon.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.host.JvmHostLauncher;
import org.vrrpd.check.host.PluginHostSettings;

class SettingsLauncherTest {

    private static final Path JAR = Path.of("/usr/lib/vrrpd/plugins/example.jar");

    @Test
    void newHostSettings_shouldReachTheNextHostsCommandLine_afterTheHostsWereMade() {
        CheckPlugins plugins = CheckPlugins.builtinOnly();
        try {
            plugins.useHostSettings(new PluginHostSettings("64m", 64, 10));
            List<String> before = plugins.hostCommand(JAR);
            assertTrue(before.contains("-Xmx64m"), before.toString());
            plugins.useHostSettings(new PluginHostSettings("128m", 32, 5)); // a reload, hosts already made
            List<String> after = plugins.hostCommand(JAR);
            assertTrue(after.contains("-Xmx128m"), after.toString());
            assertTrue(after.contains("32"), after.toString());
            assertEquals(new PluginHostSettings("128m", 32, 5), plugins.hostSettings());
        } finally {
            plugins.closeHosts();
        }
    }

    @Test
    void sameSettings_shouldKeepTheLauncherThread() {
        int[] made = {0};
        PluginHostSettings s = PluginHostSettings.defaults();
        SettingsLauncher l = new SettingsLauncher(s, settings -> {
            made[0]++;
            return new JvmHostLauncher(settings, () -> { });
        });
        try {
            l.use(PluginHostSettings.defaults());
            assertEquals(1, made[0]);
            l.use(new PluginHostSettings("96m", 64, 10));
            assertEquals(2, made[0]);
            assertEquals("96m", l.settings().heap());
        } finally {
            l.close();
        }
    }
}
