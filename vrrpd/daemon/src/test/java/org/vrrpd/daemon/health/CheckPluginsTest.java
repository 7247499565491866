package org.vrrpd.daemon.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.check.runtime.PluginException;
import org.vrrpd.config.CheckTypes;
import org.vrrpd.config.ConfigException;
import org.vrrpd.config.ConfigLoader;
import org.vrrpd.config.GlobalConfig;

class CheckPluginsTest {

    @TempDir
    Path tmp;

    /** The example plugin's compiled classes (the reactor builds checks/example-plugin first) packed as a JAR. */
    Path examplePlugin(Path dir) throws Exception {
        Path classes = Path.of(System.getProperty("user.dir")).resolve("../../checks/example-plugin/target/classes")
                .normalize();
        Path jar = dir.resolve("example-plugin.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
        }
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        return jar;
    }

    Path dir(String name, String mode) throws Exception {
        Path d = Files.createDirectory(tmp.resolve(name));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(mode));
        return d;
    }

    static String fileFlagConfig(Path pluginDir) {
        return "global:\n  plugin_dir: " + pluginDir + "\n"
                + "instances:\n  - name: vi\n    interface: eth0\n    vrid: 7\n    vips: [192.0.2.10/24]\n"
                + "    checks:\n      - {type: file_flag, name: drain, path: /tmp/x, weight: -60}\n";
    }

    @Test
    void pluginDir_shouldBeReadFromTheRawFile_evenWhenTheRestDoesNotBind() throws Exception {
        Path f = Files.writeString(tmp.resolve("a.yaml"), "global:\n  plugin_dir: /opt/p\n  bogus: 1\n");
        assertEquals(Path.of("/opt/p"), CheckPlugins.pluginDir(f));
        Path g = Files.writeString(tmp.resolve("b.yaml"), "instances: [\n");
        assertEquals(Path.of(GlobalConfig.DEFAULT_PLUGIN_DIR), CheckPlugins.pluginDir(g));
        assertEquals(Path.of(GlobalConfig.DEFAULT_PLUGIN_DIR), CheckPlugins.pluginDir(tmp.resolve("missing.yaml")));
    }

    @Test
    void missingPluginDir_shouldMeanBuiltinTypesOnly() throws Exception {
        CheckTypes t = CheckPlugins.builtinOnly().refreshDir(tmp.resolve("nope"));
        assertTrue(t.types().contains("tcp"));
        assertFalse(t.types().contains("file_flag"));
    }

    @Test
    void worldWritablePluginDir_shouldBeRefusedWithTheReason() throws Exception {
        Path d = dir("plugins", "rwxr-xrwx");
        PluginException e = assertThrows(PluginException.class, () -> CheckPlugins.builtinOnly().refreshDir(d));
        assertTrue(e.getMessage().contains("world-writable"), e.getMessage());
    }

    @Test
    void pluginType_shouldBindBeforeTheConfig_andFailWithoutThePlugin() throws Exception {
        Path d = dir("plugins", "rwxr-xr-x");
        Path cfg = Files.writeString(tmp.resolve("vrrpd.yaml"), fileFlagConfig(d));
        assertThrows(ConfigException.class, () -> ConfigLoader.load(cfg, CheckPlugins.builtinOnly().types()),
                "file_flag is unknown without the plugin");
        examplePlugin(d);
        CheckPlugins plugins = CheckPlugins.load(cfg);
        assertEquals(1, plugins.loadedJars().size());
        var ic = ConfigLoader.load(cfg, plugins.types()).instances().get(0);
        assertEquals("file_flag", ic.checks().get(0).type());
        ic.checks().get(0).create().close(); // the plugin's factory makes the check
    }

    @Test
    void jarOf_shouldNameThePluginJar_forAPluginType_only() throws Exception {
        Path d = dir("plugins", "rwxr-xr-x");
        Path jar = examplePlugin(d);
        CheckPlugins plugins = CheckPlugins.load(Files.writeString(tmp.resolve("vrrpd.yaml"), fileFlagConfig(d)));
        assertEquals(java.util.Optional.of(jar), plugins.jarOf(plugins.types().factory("file_flag").get()));
        assertEquals(java.util.Optional.empty(), plugins.jarOf(plugins.types().factory("tcp").get()),
                "built-in checks stay in the daemon");
        var ic = ConfigLoader.load(tmp.resolve("vrrpd.yaml"), plugins.types()).instances().get(0);
        assertTrue(ic.checks().get(0).source().path("path").isTextual(), "the YAML entry as written goes to the host");
        assertEquals("file_flag", ic.checks().get(0).source().path("type").asText());
    }

    @Test
    void refresh_shouldKeepTheFirstLoadOfAType_andAddOnlyNewJars() throws Exception {
        Path d = dir("plugins", "rwxr-xr-x");
        Path cfg = Files.writeString(tmp.resolve("vrrpd.yaml"), fileFlagConfig(d));
        CheckPlugins plugins = CheckPlugins.load(cfg);
        assertEquals(0, plugins.loadedJars().size(), "empty directory");
        examplePlugin(d);
        CheckTypes first = plugins.refresh(cfg);
        assertTrue(first.types().contains("file_flag"));
        CheckTypes again = plugins.refresh(cfg);
        assertSame(first, again, "nothing new: the same types");
        assertSame(first.factory("file_flag").get(), again.factory("file_flag").get());
        assertEquals(1, plugins.loadedJars().size());
    }
}
