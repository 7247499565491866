package org.vrrpd.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.builtin.ProcessConfig;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.TrackedFile;
import org.vrrpd.config.VirtualRoute;
import org.vrrpd.config.VirtualRule;
import org.vrrpd.wire.AddressFamily;

/** keepalived's track_process, track_file and the rarer instance/global keywords: mapped, or refused with why. */
class KeepalivedKeywordsImportTest {

    private static KeepalivedImporter.Result convert(String text) {
        return KeepalivedImporter.convert(text, "k.conf", Path.of("."));
    }

    private static boolean warned(KeepalivedImporter.Result r, String fragment) {
        return KeepalivedImporterTest.warned(r, fragment);
    }

    private static final String INSTANCE_HEAD = """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 100
            """;

    @Test
    void instanceWithoutVirtualIpaddress_shouldImportWithoutVips_andWithoutWarning() throws Exception {
        KeepalivedImporter.Result r = convert(INSTANCE_HEAD + "    notify_master /usr/local/bin/move-eip\n}\n");
        InstanceConfig c = KeepalivedImporterTest.load(r).instances().get(0);
        assertEquals(List.of(), c.virtualAddresses());
        assertFalse(warned(r, "virtual_ipaddress"), r.warnings().toString());
    }

    @Test
    void trackProcess_shouldBecomeAProcessCheck_withKeepalivedsWeightZeroByDefault_andTheInstanceOverride()
            throws Exception {
        KeepalivedImporter.Result r = convert("""
                vrrp_track_process dovecot {
                    process /usr/sbin/dovecot
                    weight 20
                    delay 2
                }
                vrrp_track_process postfix {
                    process master
                    quorum 2
                }
                """ + INSTANCE_HEAD + """
                    virtual_ipaddress { 192.0.2.10/24 }
                    track_process {
                        dovecot weight -30
                        postfix
                    }
                }
                """);
        InstanceConfig c = KeepalivedImporterTest.load(r).instances().get(0);
        assertEquals(2, c.checks().size());
        ProcessConfig dovecot = (ProcessConfig) c.checks().get(0).config();
        assertEquals("/usr/sbin/dovecot", dovecot.processName());
        assertEquals(-30, dovecot.weight());
        ProcessConfig postfix = (ProcessConfig) c.checks().get(1).config();
        assertEquals("master", postfix.processName());
        assertEquals(0, postfix.weight());
        assertTrue(warned(r, "k.conf:4: vrrp_track_process dovecot: 'delay' not carried over"), r.warnings().toString());
        assertTrue(warned(r, "k.conf:8: vrrp_track_process postfix: quorum 2 not carried over"), r.warnings().toString());
    }

    @Test
    void trackFile_shouldBecomeATrackedFile_withWeightReverseAndInitFile() throws Exception {
        KeepalivedImporter.Result r = convert("""
                vrrp_track_file mailweight {
                    file /run/keepalived/mail.weight
                    weight 5 reverse
                    init_file 3 overwrite
                }
                track_file maint {
                    file /run/keepalived/maint
                }
                """ + INSTANCE_HEAD + """
                    virtual_ipaddress { 192.0.2.10/24 }
                    track_file {
                        mailweight
                        maint weight 0
                    }
                }
                """);
        InstanceConfig c = KeepalivedImporterTest.load(r).instances().get(0);
        assertEquals(List.of(
                new TrackedFile("mailweight", Path.of("/run/keepalived/mail.weight"), 5, true, OptionalInt.of(3), true),
                new TrackedFile("maint", Path.of("/run/keepalived/maint"), 0, false, OptionalInt.empty(), false)),
                c.trackOptions().files());
    }

    @Test
    void rarerInstanceKeywords_shouldBeMappedOrRefusedWithTheirLineAndReason() throws Exception {
        KeepalivedImporter.Result r = convert(INSTANCE_HEAD + """
                    virtual_ipaddress { 192.0.2.10/24 }
                    dont_track_primary
                    mcast_src_ip 192.0.2.2
                    unicast_ttl 10
                    garp_master_refresh_repeat 2
                    garp_lower_prio_delay 5
                    garp_lower_prio_repeat 3
                    virtual_routes {
                        198.51.100.0/24 via 192.0.2.254
                        198.51.100.128/25 src 192.0.2.10
                        default gw 192.0.2.254 table 100
                    }
                    virtual_rules {
                        from 192.0.2.10 table 100
                        fwmark 3 table 7
                    }
                }
                """);
        InstanceConfig c = KeepalivedImporterTest.load(r).instances().get(0);
        assertFalse(c.trackOptions().trackPrimary());
        assertEquals(InetAddress.getByName("192.0.2.2"), c.unicastSource().orElseThrow());
        assertFalse(c.isUnicast());
        String all = String.join("\n", r.warnings());
        assertTrue(warned(r, "k.conf:8: unicast_ttl 10 not carried over: vrrpd sends unicast adverts with TTL 255"), all);
        assertEquals(2, c.garp().refreshRepeat());
        assertEquals(Duration.ofSeconds(5), c.garp().lowerPrioDelay());
        assertEquals(3, c.garp().lowerPrioRepeat());
        assertFalse(warned(r, "garp_"), all);
        assertEquals(List.of(new VirtualRoute(InetAddress.getByName("198.51.100.0"), 24,
                Optional.of(InetAddress.getByName("192.0.2.254")), Optional.empty(), 254, 0),
                new VirtualRoute(InetAddress.getByName("0.0.0.0"), 0, Optional.of(InetAddress.getByName("192.0.2.254")),
                        Optional.empty(), 100, 0)), c.routing().routes());
        assertEquals(List.of(new VirtualRule(AddressFamily.IPV4, Optional.of(InetAddress.getByName("192.0.2.10")),
                32, Optional.empty(), 0, 100, 0)), c.routing().rules());
        assertTrue(warned(r, "k.conf:14: virtual_routes line '198.51.100.128/25 src 192.0.2.10' not carried over:"
                + " option 'src' is not supported"), all);
        assertTrue(warned(r, "k.conf:19: virtual_rules line 'fwmark 3 table 7' not carried over"), all);
        assertFalse(warned(r, "dont_track_primary"), all);
        assertFalse(warned(r, "mcast_src_ip"), all);
    }

    @Test
    void globalKeywords_shouldBeMapped_andEnableScriptSecurityNeverDroppedSilently() throws Exception {
        KeepalivedImporter.Result r = convert("""
                global_defs {
                    enable_script_security
                    vrrp_garp_lower_prio_repeat 2
                    vrrp_garp_master_refresh_repeat 2
                }
                """ + INSTANCE_HEAD + "    virtual_ipaddress { 192.0.2.10/24 }\n}\n");
        String all = String.join("\n", r.warnings());
        assertTrue(warned(r, "k.conf:2: enable_script_security not carried over: vrrpd never runs a script as root"),
                all);
        assertFalse(warned(r, "garp"), all);
        InstanceConfig c = KeepalivedImporterTest.load(r).instances().get(0);
        assertEquals(2, c.garp().lowerPrioRepeat(), "from global_defs");
        assertEquals(2, c.garp().refreshRepeat(), "from global_defs");
    }
}
