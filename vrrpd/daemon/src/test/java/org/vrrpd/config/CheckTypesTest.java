package org.vrrpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckTypesTest {

    /** Found by ServiceLoader through a services file written by the test. */
    public static class DiscoveredFactory extends TestChecks.Factory<TestChecks.Plugin> {
        public DiscoveredFactory() {
            super("discovered-test-type", TestChecks.Plugin.class);
        }
    }

    @Test
    void discover_shouldFindFactoriesListedInMetaInfServices_plusTheExplicitOnes(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services/org.vrrpd.check.api.CheckFactory");
        Files.createDirectories(services.getParent());
        Files.writeString(services, DiscoveredFactory.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                getClass().getClassLoader())) {
            CheckTypes types = CheckTypes.discover(loader, List.of(new TestChecks.Factory<>("explicit-test-type",
                    TestChecks.Tcp.class)));
            assertTrue(types.types().contains("discovered-test-type"), types.types()::toString);
            assertTrue(types.types().contains("explicit-test-type"), types.types()::toString);

            VrrpdConfig config = ConfigLoader.parse("""
                    instances:
                      - name: a
                        interface: eth0
                        vrid: 1
                        vips: [192.0.2.1/24]
                        checks:
                          - type: discovered-test-type
                            target: x
                          - type: explicit-test-type
                            port: 25
                    """, "vrrpd.yaml", types);
            List<CheckSpec> checks = config.instances().get(0).checks();
            assertEquals("x", assertInstanceOf(TestChecks.Plugin.class, checks.get(0).config()).target());
            assertEquals(25, assertInstanceOf(TestChecks.Tcp.class, checks.get(1).config()).port);
        }
    }

    @Test
    void twoFactoriesForOneType_shouldBeRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckTypes.of(
                new TestChecks.Factory<>("smtp", TestChecks.Smtp.class),
                new TestChecks.Factory<>("smtp", TestChecks.Plugin.class) {
                }));
        assertTrue(e.getMessage().startsWith("check type 'smtp' is provided twice"), e.getMessage());
    }

    @Test
    void checkSettings_shouldCompareEqual_whenSpelledDifferently() throws Exception {
        String yaml = """
                instances:
                  - name: a
                    interface: eth0
                    vrid: 1
                    vips: [192.0.2.1/24]
                    checks:
                      - type: nfs
                        directory: /srv/probe
                        max_latency: %s
                """;
        CheckSpec a = ConfigLoader.parse(yaml.formatted("0.5s"), "a.yaml", TestChecks.types())
                .instances().get(0).checks().get(0);
        CheckSpec b = ConfigLoader.parse(yaml.formatted("500ms"), "b.yaml", TestChecks.types())
                .instances().get(0).checks().get(0);
        CheckSpec c = ConfigLoader.parse(yaml.formatted("600ms"), "c.yaml", TestChecks.types())
                .instances().get(0).checks().get(0);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertTrue(!a.equals(c));
    }
}
