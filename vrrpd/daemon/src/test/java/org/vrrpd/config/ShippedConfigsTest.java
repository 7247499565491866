package org.vrrpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.wire.AddressFamily;

/**
 * The ready-to-copy files in {@code conf/} load, and the mail pair's weights do what conf/README.md says:
 * one failed service on mail01 moves the VIP to mail02, a failure common to both nodes moves nothing.
 * Check types are the test stand-ins with the built-in checks' keys.
 */
class ShippedConfigsTest {

    static Path conf(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("conf").resolve(name))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("conf/" + name + " not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("conf").resolve(name);
    }

    static VrrpdConfig load(String name) throws ConfigException {
        return ConfigLoader.load(conf(name), TestChecks.types());
    }

    @Test
    void mailPair_shouldLoad_withTheAgreedRouterSettings() throws Exception {
        InstanceConfig one = load("mail01.yaml").instance("mail").orElseThrow();
        InstanceConfig two = load("mail02.yaml").instance("mail").orElseThrow();
        assertEquals(150, one.priority());
        assertEquals(100, two.priority());
        for (InstanceConfig i : List.of(one, two)) {
            assertEquals(51, i.vrid());
            assertEquals(3, i.version());
            assertEquals(1, i.virtualAddresses().size());
            assertEquals(24, i.virtualAddresses().get(0).prefixLength());
            assertEquals(AddressFamily.IPV4, i.family());
            assertEquals(100, i.advertIntervalCentiseconds());
            assertTrue(i.acceptMode(), "the services answer on the VIP, so accept_mode must be on");
            assertTrue(i.preempt());
            assertEquals(List.of("smtp", "submission", "imap", "webmail", "mailstore"),
                    i.checks().stream().map(CheckSpec::name).toList());
            assertEquals(Set.of("smtp", "imap", "http", "nfs"),
                    i.checks().stream().map(CheckSpec::type).collect(Collectors.toSet()));
        }
        assertEquals(List.of(), load("mail01.yaml").warnings());
        assertEquals(List.of(), load("mail02.yaml").warnings());
        assertEquals(one.virtualAddresses(), two.virtualAddresses());
        assertEquals(one.interfaceName(), two.interfaceName());
    }

    @Test
    void mailPair_shouldDifferOnlyInPriorityPreemptDelayAndEhloName() throws Exception {
        ConfigDiff diff = ConfigDiff.between(load("mail01.yaml"), load("mail02.yaml"));
        assertEquals(2, diff.changed().size());
        assertEquals(Set.of(ConfigDiff.Aspect.PRIORITY, ConfigDiff.Aspect.ELECTION, ConfigDiff.Aspect.CHECKS),
                diff.changed().get(0).aspects());
        assertEquals(Set.of(ConfigDiff.Aspect.PRIORITY, ConfigDiff.Aspect.ELECTION, ConfigDiff.Aspect.CHECKS),
                diff.changed().get(1).aspects());
    }

    @Test
    void mailPair_shouldRunBothFamiliesAsOneSyncGroup_withTheSameChecksAndWeights() throws Exception {
        for (String file : List.of("mail01.yaml", "mail02.yaml")) {
            VrrpdConfig c = load(file);
            InstanceConfig v4 = c.instance("mail").orElseThrow();
            InstanceConfig v6 = c.instance("mail6").orElseThrow();
            assertEquals(AddressFamily.IPV6, v6.family());
            assertTrue(v6.virtualAddresses().get(0).address().isLinkLocalAddress(), "RFC 9568 §5.2.9");
            assertTrue(v6.virtualAddresses().get(1).cidr().startsWith("fd00:100::"), "a ULA, never 2001:db8");
            assertEquals(v4.priority(), v6.priority());
            assertEquals(v4.preemptDelay(), v6.preemptDelay());
            assertEquals(List.of("mail", "mail6"), c.syncGroupOf("mail6").orElseThrow().members());
            assertTrue(c.syncGroupOf("mail").orElseThrow().trackingWeight(), "the -60 weights must keep counting");
            assertEquals(v4.checks(), v6.checks());
            for (CheckSpec check : v6.checks()) {
                assertEquals(-60, check.config().weight(), check.name());
            }
        }
    }

    @Test
    void anySingleFailedServiceOnMail01_shouldDropItBelowMail02() throws Exception {
        InstanceConfig one = load("mail01.yaml").instance("mail").orElseThrow();
        InstanceConfig two = load("mail02.yaml").instance("mail").orElseThrow();
        for (CheckSpec check : one.checks()) {
            int weight = check.config().weight();
            assertTrue(weight < 0, check.name() + " must lower the priority when down");
            assertTrue(one.priority() + weight < two.priority(), check.name() + ": " + one.priority() + " + "
                    + weight + " must be below " + two.priority());
            CheckSpec same = two.checks().stream().filter(c -> c.name().equals(check.name())).findFirst().orElseThrow();
            assertTrue(one.priority() + weight > two.priority() + same.config().weight(),
                    check.name() + " failing on both nodes must leave mail01 preferred");
            assertTrue(two.priority() + same.config().weight() >= 1, "priorities stay within 1..254");
        }
    }

    @Test
    void mailPairChecks_shouldUseTheAgreedTimings() throws Exception {
        for (CheckSpec c : load("mail01.yaml").instance("mail").orElseThrow().checks()) {
            CheckConfig cfg = c.config();
            assertTrue(cfg.timeout().compareTo(cfg.interval()) < 0, c.name() + ": timeout below the interval");
            assertTrue(cfg.fall() >= 3, c.name() + ": one blip must not move the VIP");
        }
    }

    @Test
    void packagedDefault_shouldConfigureNoInstance() throws Exception {
        VrrpdConfig config = load("vrrpd.yaml");
        assertEquals(List.of(), config.instances());
        assertEquals(GlobalConfig.defaults(), config.global());
    }

    @Test
    void packagedDefault_shouldHoldAValidCommentedExample() throws Exception {
        String text = Files.readString(conf("vrrpd.yaml"));
        // Uncomment the global section and the example instance, drop 'instances: []'.
        String uncommented = text.lines()
                .filter(l -> !l.equals("instances: []"))
                .map(l -> l.startsWith("#global:") || l.startsWith("#  ") || l.startsWith("#instances:")
                        ? l.substring(1) : l)
                .collect(Collectors.joining("\n"));
        VrrpdConfig config = ConfigLoader.parse(uncommented, "vrrpd.yaml (uncommented)", TestChecks.types());
        assertEquals(1, config.instances().size());
        InstanceConfig web = config.instances().get(0);
        assertEquals(1, web.checks().size());
        assertFalse(web.acceptMode());
        // The commented values are the defaults.
        GlobalConfig g = config.global();
        GlobalConfig d = GlobalConfig.defaults();
        assertEquals(d.controlSocket(), g.controlSocket());
        assertEquals(d.pluginDir(), g.pluginDir());
        assertEquals(d.scriptUser(), g.scriptUser());
        assertEquals(d.adminGroup(), g.adminGroup());
        assertEquals(d.logLevel(), g.logLevel());
        assertEquals(d.vrrpGuard(), g.vrrpGuard());
        assertEquals(GarpConfig.KEEPALIVED_DEFAULTS, web.garp());
        assertEquals(InstanceConfig.DEFAULT_PRIORITY, web.priority());
    }
}
