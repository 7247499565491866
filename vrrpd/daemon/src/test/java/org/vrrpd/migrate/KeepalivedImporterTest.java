package org.vrrpd.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.ConfigException;
import org.vrrpd.config.ConfigLoader;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VrrpdConfig;
import org.vrrpd.wire.VrrpAuthentication;

class KeepalivedImporterTest {

    static Path resource(String name) throws URISyntaxException {
        return Path.of(KeepalivedImporterTest.class.getResource("/keepalived/" + name).toURI());
    }

    static VrrpdConfig load(KeepalivedImporter.Result r) {
        try {
            return ConfigLoader.parse(r.yaml(), "imported.yaml");
        } catch (ConfigException e) {
            throw new AssertionError(e.problems() + "\n" + r.yaml(), e);
        }
    }

    static boolean warned(KeepalivedImporter.Result r, String fragment) {
        return r.warnings().stream().anyMatch(w -> w.contains(fragment));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail/mail01.conf", "mail/mail02.conf", "vrrp-sample.conf", "localcheck.conf",
        "sync-group.conf", "unicast-cloud.conf", "ipv6.conf"})
    void everySample_shouldConvertToAConfigTheLoaderAccepts(String name) throws Exception {
        KeepalivedImporter.Result r = KeepalivedImporter.convert(resource(name));
        VrrpdConfig cfg = load(r);
        assertFalse(cfg.instances().isEmpty());
        assertTrue(r.warnings().stream().allMatch(w -> w.matches("^[^:]+:\\d+: .*|^[^:]+: .*")), r.warnings()
                .stream().collect(Collectors.joining("\n")));
    }

    @Test
    void mailPrimary_shouldCarryScriptsThroughTheIncludeWithOverriddenWeights() throws Exception {
        KeepalivedImporter.Result r = KeepalivedImporter.convert(resource("mail/mail01.conf"));
        InstanceConfig mail = load(r).instances().get(0);
        assertEquals("MAIL_V4", mail.name());
        assertEquals(2, mail.version(), "keepalived's default vrrp_version 2 made explicit");
        assertEquals(150, mail.priority());
        assertEquals(2, mail.checks().size());
        assertEquals("check_postfix", mail.checks().get(0).name());
        assertEquals(-60, mail.checks().get(0).config().weight());
        assertEquals(2, mail.checks().get(0).config().fall());
        assertEquals(-40, mail.checks().get(1).config().weight(), "track_script weight overrides the script's");
        assertTrue(r.yaml().contains("- /usr/bin/killall"), r.yaml());
        assertEquals(List.of("/etc/keepalived/mail-notify.sh", "master"), mail.notifyScripts().onMaster());
        assertEquals(List.of("/usr/local/bin/keepalived-state-log"), mail.notifyScripts().onChange());
        assertEquals("eth0:smtp", mail.virtualAddresses().get(0).label().orElseThrow());
        assertEquals(1, mail.excludedAddresses().size());
        assertEquals(-20, mail.trackInterfaces().get(0).weight());
        assertTrue(mail.acceptMode(), "keepalived accepts VIP traffic by default");
        assertEquals(60, mail.garp().masterRefresh().toSeconds());
        assertTrue(warned(r, "'state' not carried over (MASTER in 1 (") && warned(r, "mail01.conf:15)"),
                r.warnings().toString());
        assertEquals(VrrpAuthentication.simplePassword("s3cr3t"), mail.authentication());
        assertTrue(warned(r, "'smtp_alert'"));
        assertTrue(warned(r, "'router_id' in global_defs"));
        assertTrue(r.yaml().contains("notify_fifo: /run/keepalived/notify.fifo"));
    }

    @Test
    void mailStandby_shouldKeepNopreemptAndPreemptDelay() throws Exception {
        InstanceConfig mail = load(KeepalivedImporter.convert(resource("mail/mail02.conf"))).instances().get(0);
        assertFalse(mail.preempt());
        assertEquals(30, mail.preemptDelay().toSeconds());
        assertEquals(3, mail.garp().masterRepeat());
    }

    @Test
    void shellSyntax_shouldBecomeShellTrueWithAWarning_andReverseShouldWarn() throws Exception {
        KeepalivedImporter.Result r = KeepalivedImporter.convert(resource("localcheck.conf"));
        VrrpdConfig cfg = load(r);
        assertTrue(warned(r, "uses shell syntax"));
        assertTrue(r.yaml().contains("shell: true"));
        assertTrue(warned(r, "'reverse' not carried over"));
        assertEquals("VI_2", cfg.instances().get(1).name(), "brace on the next line still opens the block");
        assertEquals(2, cfg.instances().get(1).checks().get(0).config().weight());
        assertEquals(3, cfg.instances().get(0).trackInterfaces().size());
        assertEquals(0, cfg.instances().get(0).trackInterfaces().get(2).weight());
    }

    @Test
    void syncGroupSample_shouldKeepVmacAndGlobalVersion() throws Exception {
        KeepalivedImporter.Result r = KeepalivedImporter.convert(resource("sync-group.conf"));
        VrrpdConfig cfg = load(r);
        assertTrue(cfg.instances().stream().anyMatch(InstanceConfig::vmac), "use_vmac became vmac: true");
        assertEquals(3, cfg.instances().get(0).version());
        assertEquals(50, cfg.instances().get(0).advertIntervalCentiseconds());
    }

    @Test
    void unicast_shouldCarrySourcePeersAndScriptUser() throws Exception {
        KeepalivedImporter.Result r = KeepalivedImporter.convert(resource("unicast-cloud.conf"));
        InstanceConfig api = load(r).instances().get(0);
        assertTrue(api.isUnicast());
        assertEquals("192.0.2.12", api.unicastPeers().get(0).getHostAddress());
        assertEquals("192.0.2.11", api.unicastSource().orElseThrow().getHostAddress());
        assertTrue(r.yaml().contains("user: nobody"));
        assertEquals(1, api.garp().masterDelay().toSeconds());
    }

    @Test
    void ipv6_shouldGetALinkLocalFirstVipAndVersion3() throws Exception {
        KeepalivedImporter.Result r = KeepalivedImporter.convert(resource("ipv6.conf"));
        InstanceConfig v6 = load(r).instances().get(0);
        assertEquals(3, v6.version());
        assertEquals("fe80:0:0:0:0:0:3c:5e", v6.virtualAddresses().get(0).address().getHostAddress()
                .replaceAll("%.*", ""));
        assertTrue(warned(r, "inserted the link-local VIP"));
    }

    @Test
    void lvsBlocks_shouldBeSkippedWithOneWarningEach() throws Exception {
        KeepalivedImporter.Result r = KeepalivedImporter.convert(resource("vrrp-sample.conf"));
        assertEquals(1, r.warnings().stream().filter(w -> w.contains("LVS block")).count());
        assertEquals(2, load(r).instances().size());
    }

    @Test
    void parser_shouldTolerateJunk_withoutThrowing() {
        KeepalivedImporter.Result r = KeepalivedImporter.convert("vrrp_instance X {\n interface eth0\n"
                + " virtual_router_id 7\n priority abc\n virtual_ipaddress {\n 192.0.2.7\n }\n}}\n\"unterminated\n",
                "junk.conf", null);
        assertTrue(warned(r, "not a number"));
        assertTrue(warned(r, "unmatched '}'"));
        assertEquals(100, load(r).instances().get(0).priority());
    }

    @Test
    void includeLoop_shouldBeReportedNotFollowedForever(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("a.conf"), "include b.conf\nvrrp_instance A {\n interface eth0\n"
                + " virtual_router_id 1\n virtual_ipaddress {\n 192.0.2.1\n }\n}\n");
        java.nio.file.Files.writeString(dir.resolve("b.conf"), "include a.conf\n");
        KeepalivedImporter.Result r = KeepalivedImporter.convert(dir.resolve("a.conf"));
        assertTrue(r.errors().stream().anyMatch(e -> e.contains("b.conf:1: include ") && e.contains("include loop")),
                r.errors().toString());
        assertEquals(1, load(r).instances().size());
    }
}
