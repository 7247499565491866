package org.vrrpd.daemon.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
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

    /** The example plugin with an extra entry: same classes, new content (a rebuilt release). */
    Path rebuilt(Path dir, String name) throws Exception {
        Path jar = examplePlugin(dir);
        Path out = dir.resolve(name + ".new");
        try (var in = new JarInputStream(Files.newInputStream(jar));
             OutputStream o = Files.newOutputStream(out); JarOutputStream j = new JarOutputStream(o)) {
            for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                j.putNextEntry(new JarEntry(e.getName()));
                j.write(in.readAllBytes());
                j.closeEntry();
            }
            j.putNextEntry(new JarEntry("VERSION"));
            j.write(name.getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        Files.delete(jar);
        Path dest = Files.move(out, dir.resolve(name));
        Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rw-r--r--"));
        return dest;
    }

    @Test
    void aJarOverwrittenInPlace_shouldBeSeenByItsContent_asAnUpgradeOfItsType() throws Exception {
        Path d = dir("plugins", "rwxr-xr-x");
        Path cfg = Files.writeString(tmp.resolve("vrrpd.yaml"), fileFlagConfig(d));
        examplePlugin(d);
        CheckPlugins plugins = CheckPlugins.load(cfg);
        var before = plugins.types().factory("file_flag").get();
        Path jar = rebuilt(d, "example-plugin.jar");
        CheckPlugins.Refresh r = plugins.prepare(cfg);
        var after = r.types().factory("file_flag").get();
        assertTrue(r.upgrades(after), "same name, new content: an upgrade");
        assertFalse(before.getClass() == after.getClass(), "the new code, from its own class loader");
        assertSame(before, plugins.types().factory("file_flag").get(), "nothing changes before the commit");
        plugins.commit(r);
        assertSame(after, plugins.types().factory("file_flag").get());
        assertEquals(Optional.of(jar), plugins.jarOf(after));
    }

    @Test
    void aRenamedJarWithTheSameContent_shouldChangeNothing_andADiscardedUpgradeKeepsTheOldCode() throws Exception {
        Path d = dir("plugins", "rwxr-xr-x");
        Path cfg = Files.writeString(tmp.resolve("vrrpd.yaml"), fileFlagConfig(d));
        Path v1 = rebuilt(d, "example-1.0.0.jar");
        CheckPlugins plugins = CheckPlugins.load(cfg);
        var first = plugins.types().factory("file_flag").get();
        Files.move(v1, d.resolve("example-1.0.0-renamed.jar"));
        CheckPlugins.Refresh same = plugins.prepare(cfg);
        assertTrue(same.upgraded().isEmpty() && same.loaded().isEmpty(), "known content under another name");
        rebuilt(d, "example-1.0.1.jar");
        Files.delete(d.resolve("example-1.0.0-renamed.jar"));
        CheckPlugins.Refresh up = plugins.prepare(cfg);
        assertEquals(Set.of("file_flag"), up.upgraded().keySet());
        plugins.discard(up);
        assertSame(first, plugins.types().factory("file_flag").get(), "a refused upgrade keeps the old code");
    }

    @Test
    void theHostRunsAPrivateCopy_soDeletingTheJarNeverBreaksARunningCheck() throws Exception {
        Path d = dir("plugins", "rwxr-xr-x");
        Path jar = examplePlugin(d);
        CheckPlugins plugins = CheckPlugins.load(Files.writeString(tmp.resolve("vrrpd.yaml"), fileFlagConfig(d)));
        var f = plugins.types().factory("file_flag").get();
        Path copy = plugins.hostJarOf(f).orElseThrow();
        Files.delete(jar);
        assertTrue(Files.isRegularFile(copy), copy.toString());
        assertEquals(CheckPlugins.sha256(copy).length(), 64);
        assertFalse(copy.startsWith(d), "the copy lives outside the plugin directory");
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
    }

    @Test
    void twoNewJarsProvidingOneType_shouldRefuseTheSecond_namingTheFirst() throws Exception {
        Path d = dir("plugins", "rwxr-xr-x");
        Path cfg = Files.writeString(tmp.resolve("vrrpd.yaml"), fileFlagConfig(d));
        rebuilt(d, "a-1.jar");
        rebuilt(d, "b-2.jar");
        CheckPlugins plugins = CheckPlugins.load(cfg);
        assertEquals(List.of(d.resolve("a-1.jar")), plugins.loadedJars());
        assertTrue(plugins.refusals().get(0).contains("b-2.jar refused: type 'file_flag' is also provided by a-1.jar"),
                plugins.refusals().toString());
    }

    @Test
    void aDeletedJarsType_isNoLongerKnownOnReload_soAConfigStillUsingItIsRefused() throws Exception {
        Path d = dir("plugins", "rwxr-xr-x");
        Path cfg = Files.writeString(tmp.resolve("vrrpd.yaml"), fileFlagConfig(d));
        Path jar = examplePlugin(d);
        CheckPlugins plugins = CheckPlugins.load(cfg);
        Path copy = plugins.hostJarOf(plugins.types().factory("file_flag").get()).orElseThrow();
        Files.delete(jar);
        CheckPlugins.Refresh r = plugins.prepare(cfg);
        assertEquals(Set.of("file_flag"), r.removed());
        assertFalse(r.types().types().contains("file_flag"));
        assertThrows(ConfigException.class, () -> ConfigLoader.load(cfg, r.types()), "the start would refuse it");
        assertTrue(plugins.types().types().contains("file_flag"), "nothing changes until a reload commits");
        assertTrue(Files.isRegularFile(copy), "running checks go on from their copy");
    }
}
