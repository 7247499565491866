package org.vrrpd.check.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.api.SecretFiles;

class PluginLoaderTest {

    @TempDir
    Path tmp;

    private Path pluginDir() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("plugins"));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        return d;
    }

    /**
     * The example plugin compiled here from its sources (checks/example-plugin/src/main): the example's own tests
     * use the test kit, which depends on this module, so the example cannot be built before it.
     */
    private Path examplePluginJar(Path into) throws Exception {
        Path main = Paths.get(System.getProperty("vrrpd.examplePlugin.sources", "../example-plugin/src/main"));
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(main.resolve("java"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = main.resolve("java").relativize(f).toString().replace('/', '.').replaceAll("\\.java$", "");
                sources.put(name, Files.readString(f));
            }
        }
        assertTrue(!sources.isEmpty(), "example plugin sources at " + main);
        Path classes = Files.createDirectories(tmp.resolve("example-classes"));
        TestJars.compile(sources, classes);
        Path service = Paths.get("META-INF/services/org.vrrpd.check.api.CheckFactory");
        Files.createDirectories(classes.resolve(service).getParent());
        Files.copy(main.resolve("resources").resolve(service), classes.resolve(service));
        return TestJars.pack(classes, into.resolve("example-plugin.jar"));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Check create(CheckFactory factory, Map<String, Object> yaml) throws Exception {
        CheckConfig config = (CheckConfig) new ObjectMapper().convertValue(yaml, factory.configClass());
        return factory.create(config);
    }

    @Test
    void examplePlugin_shouldLoadInItsOwnLoader_andChangeTheComputedPriority() throws Exception {
        Path dir = pluginDir();
        examplePluginJar(dir);
        PluginLoader.Result result = new PluginLoader().load(dir);
        assertEquals(List.of(), result.rejected());
        CheckFactory<?> factory = result.factoriesByType().get("file_flag");
        assertTrue(factory != null, "file_flag found: " + result.factoriesByType().keySet());
        assertSame(result.plugins().get(0).loader(), factory.getClass().getClassLoader());
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.vrrpd.check.example.FileFlagCheck"),
                "the plugin is not on the daemon's class path");

        Path flag = tmp.resolve("maintenance");
        Check check = create(factory, Map.of("path", flag.toString()));
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        ManualTimer timer = new ManualTimer(clock);
        ManualExecutor workers = new ManualExecutor();
        List<CheckStatus> seen = new ArrayList<>();
        CheckScheduler s = new CheckScheduler(List.of(new ScheduledCheck("drain", check, Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1, 1, -60)), seen::add, clock, timer, workers, 0);
        s.start();
        timer.runDue();
        workers.runAll();
        assertTrue(s.statuses().get(0).up(), "no flag: up");
        Files.createFile(flag);
        timer.advance(Duration.ofSeconds(1));
        workers.runAll();
        assertFalse(s.statuses().get(0).up(), "flag present: down");
        assertEquals(2, seen.size());
        assertEquals("flag " + flag + " present", s.statuses().get(0).lastResult().message());
        s.close();
    }

    private static String libSource(String version) {
        return "package com.example; public class Lib { public static String version() { return \"" + version + "\"; } }";
    }

    private static String factorySource(String pkg, String type) {
        return "package " + pkg + ";\n"
                + "import org.vrrpd.check.api.*;\n"
                + "public class LibFactory implements CheckFactory<LibFactory.Config> {\n"
                + "  public static class Config extends CheckConfig { }\n"
                + "  public String type() { return \"" + type + "\"; }\n"
                + "  public Class<Config> configClass() { return Config.class; }\n"
                + "  public Check create(Config c) {\n"
                + "    return ctx -> CheckResult.up(java.time.Duration.ZERO, \"lib \" + com.example.Lib.version());\n"
                + "  }\n"
                + "}\n";
    }

    private Path buildPlugin(Path dir, String name, String version, String pkg, String type) throws Exception {
        Path classes = tmp.resolve(name + "-classes");
        TestJars.compile(Map.of("com.example.Lib", libSource(version), pkg + ".LibFactory", factorySource(pkg, type)),
                classes);
        TestJars.service(classes, pkg + ".LibFactory");
        return TestJars.pack(classes, dir.resolve(name + ".jar"));
    }

    @Test
    void pluginsBundlingConflictingLibraryVersions_shouldLoadSideBySide() throws Exception {
        Path dir = pluginDir();
        buildPlugin(dir, "a", "1.0", "com.example.pa", "lib_a");
        buildPlugin(dir, "b", "2.0", "com.example.pb", "lib_b");
        PluginLoader.Result r = new PluginLoader().load(dir);
        assertEquals(List.of(), r.rejected());
        Map<String, CheckFactory<?>> f = r.factoriesByType();
        CheckContext ctx = new RuntimeCheckContext(java.time.Clock.systemUTC(), Instant.now().plusSeconds(1), 0);
        assertEquals("lib 1.0", create(f.get("lib_a"), Map.of()).run(ctx).message());
        assertEquals("lib 2.0", create(f.get("lib_b"), Map.of()).run(ctx).message());
        Class<?> libA = r.plugins().get(0).loader().loadClass("com.example.Lib");
        Class<?> libB = r.plugins().get(1).loader().loadClass("com.example.Lib");
        assertNotSame(libA, libB);
        assertSame(CheckFactory.class, r.plugins().get(0).loader().loadClass(CheckFactory.class.getName()),
                "the API is shared");
    }

    @Test
    void plugin_shouldNotSeeTheDaemonsOwnDependencies() throws Exception {
        Path dir = pluginDir();
        buildPlugin(dir, "a", "1.0", "com.example.pa", "lib_a");
        ClassLoader l = new PluginLoader().load(dir).plugins().get(0).loader();
        assertThrows(ClassNotFoundException.class, () -> l.loadClass("com.fasterxml.jackson.databind.ObjectMapper"));
        assertThrows(ClassNotFoundException.class, () -> l.loadClass(CheckScheduler.class.getName()));
        assertThrows(ClassNotFoundException.class, () -> l.loadClass("org.slf4j.Logger"));
        List<java.net.URL> services = java.util.Collections.list(
                l.getResources("META-INF/services/org.vrrpd.check.api.CheckFactory"));
        assertEquals(1, services.size(), "the daemon's own service file must not leak: " + services);
        assertTrue(services.get(0).toString().contains("a.jar"), services.toString());
        assertTrue(l.loadClass("com.fasterxml.jackson.annotation.JsonProperty") != null);
        assertTrue(l.loadClass("java.net.http.HttpClient") != null, "the JDK is visible");
    }

    @Test
    void groupWritableDirectory_shouldBeRefused() throws Exception {
        Path dir = pluginDir();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));
        PluginException e = assertThrows(PluginException.class, () -> new PluginLoader().load(dir));
        assertEquals("plugin directory " + dir + " is group-writable (mode 0775); run chmod go-w " + dir,
                e.getMessage());
    }

    @Test
    void worldWritableJar_shouldBeRejected_andOthersStillLoad() throws Exception {
        Path dir = pluginDir();
        Path a = buildPlugin(dir, "a", "1.0", "com.example.pa", "lib_a");
        buildPlugin(dir, "b", "2.0", "com.example.pb", "lib_b");
        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-r--rw-"));
        PluginLoader.Result r = new PluginLoader().load(dir);
        assertEquals(List.of(new PluginLoader.Rejected(a, "plugin " + a
                + " is world-writable (mode 0646); run chmod go-w " + a)), r.rejected());
        assertEquals(List.of("lib_b"), List.copyOf(r.factoriesByType().keySet()));
    }

    @Test
    void jarOwnedByAnotherUser_shouldBeRejected() throws Exception {
        assumeTrue(SecretFiles.currentUid() == 0, "chown needs root");
        Path dir = pluginDir();
        Path a = buildPlugin(dir, "a", "1.0", "com.example.pa", "lib_a");
        Files.setAttribute(a, "unix:uid", 4242);
        PluginLoader.Result r = new PluginLoader().load(dir);
        assertEquals(1, r.rejected().size());
        assertTrue(r.rejected().get(0).reason().contains("is owned by uid 4242"), r.rejected().get(0).reason());
    }

    @Test
    void pluginClaimingABuiltinType_shouldBeRejected() throws Exception {
        Path dir = pluginDir();
        Path a = buildPlugin(dir, "a", "1.0", "com.example.pa", "smtp");
        PluginLoader.Result r = new PluginLoader().load(dir);
        assertEquals(List.of(new PluginLoader.Rejected(a, "type 'smtp' is already provided by the daemon")),
                r.rejected());
        assertFalse(r.factoriesByType().containsKey("smtp"));
    }
}
