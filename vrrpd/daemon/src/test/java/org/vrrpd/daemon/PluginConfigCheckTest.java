package org.vrrpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.daemon.health.plugins.BigHeapPlugin;
import org.vrrpd.daemon.health.plugins.PluginJars;
import org.vrrpd.daemon.health.plugins.ThrowingCreatePlugin;
import org.vrrpd.daemon.health.plugins.ThrowingFactoryPlugin;
import picocli.CommandLine;

/**
 * {@code vrrpd config check} builds every check with its factory, plugin checks included, and fails where the
 * daemon's start would, with the plugin's own message.
 */
class PluginConfigCheckTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    Run configCheck(Path file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute("config", "check", file.toString()), out.toString(), err.toString());
    }

    Path pluginDir() throws Exception {
        Path d = Files.createDirectory(tmp.resolve("plugins"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        PluginJars.packExample(d.resolve("example-plugin.jar"));
        return d;
    }

    Path config(Path pluginDir, String check) throws Exception {
        return Files.writeString(tmp.resolve("vrrpd.yaml"), "global:\n  plugin_dir: " + pluginDir + "\n"
                + "instances:\n  - name: vi\n    interface: eth0\n    vrid: 7\n    vips: [192.0.2.10/24]\n"
                + "    checks:\n      - " + check + "\n");
    }

    @Test
    void configCheck_shouldAcceptAValidPluginCheck() throws Exception {
        Run r = configCheck(config(pluginDir(), "{type: file_flag, name: drain, path: /run/drain}"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(": OK, 1 instance(s)"), r.out());
    }

    @Test
    void configCheck_shouldRefuseSettingsThePluginFactoryRejects_withThePluginsMessage() throws Exception {
        Run r = configCheck(config(pluginDir(), "{type: file_flag, name: drain, path: relative/drain}"));
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("instance 'vi': check 'drain' (file_flag): file_flag check: path must be an"
                + " absolute file name"), r.err());
    }

    @Test
    void configCheck_shouldRefuseACheckWhoseConstructorThrows_withItsMessage() throws Exception {
        Path d = pluginDir();
        PluginJars.pack(ThrowingCreatePlugin.class, d.resolve("throwing.jar"));
        Run r = configCheck(config(d, "{type: throwing_create, name: lic}"));
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("check 'lic' (throwing_create) cannot be created: java.lang.IllegalStateException:"
                + " licence file /etc/throwing/licence is missing"), r.err());
    }

    @Test
    void aFactoryWhoseConstructorThrows_shouldBeRefusedNamingTheJar_andTheCause() throws Exception {
        Path d = pluginDir();
        Path jar = PluginJars.pack(ThrowingFactoryPlugin.class, d.resolve("factory.jar"));
        Run r = configCheck(config(d, "{type: throwing_factory, name: lic}"));
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("check plugin " + jar + " refused: cannot load: "), r.err());
        assertTrue(r.err().contains("caused by IllegalStateException: no licence for throwing_factory"), r.err());
    }

    @Test
    void configCheck_shouldCreatePluginChecksInTheirPluginHost_asTheDaemonRunsThem() throws Exception {
        assumeTrue(Runtime.getRuntime().maxMemory() >= 200L * 1024 * 1024, "the test JVM itself has a small heap");
        Path d = pluginDir();
        PluginJars.pack(BigHeapPlugin.class, d.resolve("big-heap.jar"));
        Run r = configCheck(config(d, "{type: big_heap, name: heap}"));
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("instance 'vi': check 'heap' (big_heap) refused in its plugin host: big_heap needs"
                + " 200 MiB of heap, the JVM has"), r.err());
        Path ok = Files.writeString(tmp.resolve("big.yaml"), "global:\n  plugin_dir: " + d + "\n"
                + "  plugin_host: {heap: 256m}\n"
                + "instances:\n  - name: vi\n    interface: eth0\n    vrid: 7\n    vips: [192.0.2.10/24]\n"
                + "    checks:\n      - {type: big_heap, name: heap}\n");
        Run fine = configCheck(ok);
        assertEquals(0, fine.code(), fine.err());
    }

    @Test
    void aMisspeltPluginDir_shouldBeSaid() throws Exception {
        Run r = configCheck(config(tmp.resolve("plugns"), "{type: tcp, name: smtp, port: 25}"));
        assertTrue(r.err().contains("plugin_dir " + tmp.resolve("plugns") + " does not exist"), r.err());
    }
}
