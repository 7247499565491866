package org.vrrpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.ChecksumMode;

class ConfigLoaderTest {

    static String resource(String name) throws IOException {
        try (InputStream in = ConfigLoaderTest.class.getResourceAsStream("/config/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static VrrpdConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "vrrpd.yaml", TestChecks.types());
    }

    @Test
    void minimalConfig_shouldGetKeepalivedAndRfcDefaults() throws Exception {
        VrrpdConfig config = ConfigLoader.parse(resource("minimal.yaml"), "minimal.yaml", TestChecks.types());

        assertEquals(GlobalConfig.defaults(), config.global());
        assertEquals(1, config.instances().size());
        InstanceConfig web = config.instance("web").orElseThrow();
        assertEquals("eth0", web.interfaceName());
        assertEquals(7, web.vrid());
        // Shared with keepalived: priority 100, advert 1 s, preempt on, preempt_delay 0, GARP 5 s / 5 / off / 0.
        assertEquals(100, web.priority());
        assertEquals(Duration.ofSeconds(1), web.advertInterval());
        assertEquals(100, web.advertIntervalCentiseconds());
        assertTrue(web.preempt());
        assertEquals(Duration.ZERO, web.preemptDelay());
        assertEquals(new GarpConfig(Duration.ofSeconds(5), 5, Duration.ZERO, Duration.ZERO), web.garp());
        assertFalse(web.garp().refreshEnabled());
        // Different from keepalived on purpose: version 3 (keepalived: 2), accept_mode false (keepalived: accept).
        assertEquals(3, web.version());
        assertFalse(web.acceptMode());
        assertEquals(AddressFamily.IPV4, web.family());
        assertEquals(ChecksumMode.PSEUDO_HEADER, web.checksumMode());
        assertTrue(web.fastTakeover());
        assertFalse(web.isUnicast());
        assertEquals(Optional.empty(), web.unicastSource());
        assertEquals(List.of(), web.trackInterfaces());
        assertEquals(NotifyConfig.NONE, web.notifyScripts());
        assertEquals(List.of(), web.checks());
        assertEquals("192.0.2.10/24", web.virtualAddresses().get(0).cidr());
        assertEquals(List.of(), config.warnings(), "accept_mode false is enforced, so it is no longer worth a warning");
        assertFalse(config.global().vrrpGuard());
    }

    @Test
    void vrrpGuardTrue_shouldBeBound() throws Exception {
        VrrpdConfig config = parse("global:\n  vrrp_guard: true\ninstances:\n  - name: a\n    interface: eth0\n"
                + "    vrid: 1\n    vips: [192.0.2.10/24]\n");
        assertTrue(config.global().vrrpGuard());
        assertEquals(List.of(), config.warnings());
    }

    @Test
    void fullConfig_shouldBindEverySetting() throws Exception {
        VrrpdConfig config = ConfigLoader.parse(resource("full.yaml"), "full.yaml", TestChecks.types());

        GlobalConfig g = config.global();
        assertEquals(Path.of("/run/vrrpd-test/ctl.sock"), g.controlSocket());
        assertEquals("netadm", g.adminGroup());
        assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 9650), g.metrics().orElseThrow().listen());
        assertFalse(g.metrics().orElseThrow().allowRemote());
        assertEquals(Path.of("/etc/vrrpd/plugins"), g.pluginDir());
        assertEquals("vrrpd_script", g.scriptUser());
        assertEquals(Optional.of(Path.of("/run/vrrpd-test/notify.fifo")), g.notifyFifo());
        assertEquals(LogLevel.DEBUG, g.logLevel());

        InstanceConfig mail = config.instance("mail").orElseThrow();
        assertEquals(150, mail.priority());
        assertEquals(Duration.ofMillis(250), mail.advertInterval());
        assertEquals(3, mail.virtualAddresses().size());
        VirtualAddress second = mail.virtualAddresses().get(1);
        assertEquals("192.0.2.101/24", second.cidr());
        assertEquals(Optional.of("eth2"), second.device());
        assertEquals(Optional.of("eth2:mail"), second.label());
        assertEquals("198.51.100.7/32", mail.virtualAddresses().get(2).cidr());
        assertEquals("2001:db8::100/64", mail.excludedAddresses().get(0).cidr());
        assertEquals(Duration.ofSeconds(30), mail.preemptDelay());
        assertTrue(mail.acceptMode());
        assertEquals(ChecksumMode.MESSAGE_ONLY, mail.checksumMode());
        assertEquals(Optional.of(InetAddress.getByName("192.0.2.1")), mail.unicastSource());
        assertEquals(List.of(InetAddress.getByName("192.0.2.2"), InetAddress.getByName("192.0.2.3")),
                mail.unicastPeers());
        assertEquals(new GarpConfig(Duration.ofSeconds(2), 3, Duration.ofSeconds(60), Duration.ofMillis(10)),
                mail.garp());
        assertFalse(mail.fastTakeover());
        assertEquals(List.of(new TrackedInterface("eth2", 0), new TrackedInterface("eth3", -20)),
                mail.trackInterfaces());
        assertEquals(List.of("/usr/local/lib/vrrpd/notify"), mail.notifyScripts().onChange());
        assertEquals(List.of("/usr/local/lib/vrrpd/to-active", "--reload"), mail.notifyScripts().onMaster());
        assertEquals(List.of("/usr/local/lib/vrrpd/stopped"), mail.notifyScripts().onStop());

        assertEquals(2, mail.checks().size());
        CheckSpec smtp = mail.checks().get(0);
        assertEquals("smtp", smtp.type());
        assertEquals("smtp-submission", smtp.name());
        TestChecks.Smtp smtpConfig = assertInstanceOf(TestChecks.Smtp.class, smtp.config());
        assertEquals(587, smtpConfig.port);
        assertEquals("starttls", smtpConfig.tls);
        assertEquals("^220 ", smtpConfig.expectBanner);
        assertEquals(Duration.ofSeconds(2), smtpConfig.interval());
        assertEquals(Duration.ofMillis(1500), smtpConfig.timeout());
        assertEquals(2, smtpConfig.rise());
        assertEquals(3, smtpConfig.fall());
        assertEquals(-60, smtpConfig.weight());

        CheckSpec plugin = mail.checks().get(1);
        assertEquals("plugin", plugin.name(), "an unnamed check is named after its type");
        assertEquals("something", assertInstanceOf(TestChecks.Plugin.class, plugin.config()).target());
        assertTrue(plugin.create().run(null).up());

        InstanceConfig mail6 = config.instance("mail6").orElseThrow();
        assertEquals(AddressFamily.IPV6, mail6.family(), "family is inferred from the VIPs");
        assertEquals(51, mail6.vrid(), "the same VRID may be used once per family on an interface");
        assertEquals(150, mail6.advertIntervalCentiseconds());
    }

    @Test
    void emptyFile_shouldBeValid_withAWarningThatNothingIsManaged() throws Exception {
        VrrpdConfig config = parse("# nothing yet\n");
        assertEquals(List.of(), config.instances());
        assertEquals(1, config.warnings().size());
        assertTrue(config.warnings().get(0).reason().contains("no instances"));
    }

    @Test
    void durations_shouldAcceptBareSecondsAndUnits() throws Exception {
        String yaml = """
                instances:
                  - name: a
                    interface: eth0
                    vrid: 1
                    advert_interval: 2
                    preempt_delay: 1m
                    vips: [192.0.2.1/24]
                  - name: b
                    interface: eth0
                    vrid: 2
                    advert_interval: 0.5
                    vips: [192.0.2.2/24]
                """;
        VrrpdConfig config = parse(yaml);
        assertEquals(Duration.ofSeconds(2), config.instance("a").orElseThrow().advertInterval());
        assertEquals(Duration.ofSeconds(60), config.instance("a").orElseThrow().preemptDelay());
        assertEquals(Duration.ofMillis(500), config.instance("b").orElseThrow().advertInterval());
    }

    @Test
    void version2_shouldAcceptWholeSecondIntervals() throws Exception {
        VrrpdConfig config = parse("""
                instances:
                  - name: legacy
                    interface: eth0
                    vrid: 9
                    version: 2
                    advert_interval: 255s
                    vips: [192.0.2.9/24]
                """);
        assertEquals(2, config.instance("legacy").orElseThrow().version());
        assertEquals(Duration.ofSeconds(255), config.instance("legacy").orElseThrow().advertInterval());
    }

    @Test
    void ipv6WithoutLinkLocalFirst_shouldBeRejectedAtTheFirstVip_becausePeersWouldDropItsAdverts() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> parse("""
                instances:
                  - name: six
                    interface: eth0
                    vrid: 9
                    vips:
                      - 2001:db8::9/64
                """));
        assertEquals(1, e.problems().size());
        assertEquals("vrrpd.yaml:6:9", at(e.problems().get(0)));
        assertTrue(e.problems().get(0).reason().contains("add e.g. fe80::9/64 as the first VIP"));
    }

    @Test
    void ipv6WithLinkLocalFirst_shouldLoadWithoutWarnings() throws Exception {
        VrrpdConfig config = parse("""
                instances:
                  - name: six
                    interface: eth0
                    vrid: 9
                    accept_mode: true
                    vips:
                      - fe80::9/64
                      - 2001:db8::9/64
                """);
        assertEquals(0, config.warnings().size());
    }

    @Test
    void load_shouldReadAFile_andNameItInMessages(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("vrrpd.yaml");
        java.nio.file.Files.writeString(file, "instances:\n  - name: x\n    interface: eth0\n    vrid: 0\n"
                + "    vips: [192.0.2.1/24]\n");
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, TestChecks.types()));
        assertEquals(file + ":4:5: instance 'x' vrid 0 out of range 1..255", e.getMessage());
    }

    @Test
    void load_shouldReportAMissingFile(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path file = dir.resolve("absent.yaml");
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, TestChecks.types()));
        assertTrue(e.getMessage().startsWith(file + ":0:0: cannot read"), e.getMessage());
    }

    @Test
    void checkEntry_shouldBindWhateverTheKeyOrder_andLocateErrorsBeforeTheType() throws Exception {
        String yaml = """
                instances:
                  - name: a
                    interface: eth0
                    vrid: 1
                    vips: [192.0.2.1/24]
                    checks:
                      - name: late-type
                        port: 2525
                        type: smtp
                """;
        CheckSpec spec = parse(yaml).instances().get(0).checks().get(0);
        assertEquals("late-type", spec.name());
        assertEquals(2525, assertInstanceOf(TestChecks.Smtp.class, spec.config()).port);

        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> parse(yaml.replace("port: 2525", "port: x")));
        assertEquals("vrrpd.yaml:8:9: instance 'a' check 'late-type': port: expected an integer, got 'x'",
                e.getMessage());
    }

    @Test
    void fastInterval_shouldBind_andDefaultToAQuarterOfTheInterval() throws Exception {
        String yaml = """
                instances:
                  - name: a
                    interface: eth0
                    vrid: 1
                    vips: [192.0.2.1/24]
                    checks:
                      - {type: smtp, name: given, interval: 2s, fast_interval: 300ms}
                      - {type: smtp, name: defaulted, interval: 2s}
                """;
        List<CheckSpec> checks = parse(yaml).instances().get(0).checks();
        assertEquals(Duration.ofMillis(300), checks.get(0).config().fastInterval());
        assertEquals(Duration.ofMillis(500), checks.get(1).config().fastInterval());
    }

    static String at(ConfigProblem p) {
        return p.file() + ":" + p.line() + ":" + p.column();
    }
}
