package org.vrrpd.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.CheckSpec;
import org.vrrpd.config.SyncGroupConfig;
import org.vrrpd.config.TrackedInterface;
import org.vrrpd.config.VrrpdConfig;

/** keepalived's vrrp_sync_group becomes a sync_groups entry the loader accepts. */
class SyncGroupImportTest {

    private static final String INSTANCES = """
            vrrp_script chk_smtp {
                script "/usr/local/bin/check-smtp"
                interval 2
                weight -30
            }
            vrrp_instance VI_OUT {
                interface eth0
                virtual_router_id 51
                priority 150
                virtual_ipaddress {
                    192.0.2.1/24
                }
            }
            vrrp_instance VI_IN {
                interface eth1
                virtual_router_id 52
                priority 150
                virtual_ipaddress {
                    198.51.100.1/24
                }
            }
            """;

    private static KeepalivedImporter.Result convert(String groups) {
        return KeepalivedImporter.convert(INSTANCES + groups, "keepalived.conf", Path.of("."));
    }

    @Test
    void aSyncGroup_shouldBecomeASyncGroupsEntry_withItsNotifyScriptsAndTracking() {
        KeepalivedImporter.Result r = convert("""
                vrrp_sync_group G1 {
                  group {
                    VI_OUT
                    VI_IN
                  }
                  notify_master "/usr/local/bin/vrrp.mast arg1 arg2"
                  notify /usr/local/bin/group-notify
                  track_interface {
                    eth2
                  }
                  track_script {
                    chk_smtp
                  }
                  smtp_alert
                }
                """);
        VrrpdConfig cfg = KeepalivedImporterTest.load(r);
        SyncGroupConfig g = cfg.syncGroups().get(0);
        assertEquals("G1", g.name());
        assertEquals(List.of("VI_OUT", "VI_IN"), g.members());
        assertEquals(List.of("/usr/local/bin/vrrp.mast", "arg1", "arg2"), g.notifyScripts().onMaster());
        assertEquals(List.of("/usr/local/bin/group-notify"), g.notifyScripts().onChange());
        assertEquals(List.of(new TrackedInterface("eth2", 0)), cfg.instance("VI_IN").orElseThrow()
                .trackInterfaces());
        assertEquals(List.of("chk_smtp"), cfg.instance("VI_OUT").orElseThrow().checks().stream()
                .map(CheckSpec::name).toList());
        assertEquals(false, g.trackingWeight());
        assertTrue(KeepalivedImporterTest.warned(r, "keepalived.conf:35: 'smtp_alert' in vrrp_sync_group G1 is"
                + " not carried over"), r.warnings().toString());
        assertTrue(r.yaml().contains("sync_groups:\n  - name: G1\n    members:\n      - VI_OUT\n      - VI_IN\n"),
                r.yaml());
    }

    @Test
    void syncGroupTrackingWeight_shouldBecomeTrackingWeightTrue_keepingTheWeights() {
        KeepalivedImporter.Result r = convert("""
                vrrp_sync_group G1 {
                  group {
                    VI_OUT
                    VI_IN
                  }
                  track_script {
                    chk_smtp
                  }
                  sync_group_tracking_weight
                }
                """);
        VrrpdConfig cfg = KeepalivedImporterTest.load(r);
        assertEquals(true, cfg.syncGroups().get(0).trackingWeight());
        assertEquals(-30, cfg.instance("VI_IN").orElseThrow().checks().get(0).config().weight());
    }

    @Test
    void unknownMembers_andAnInstanceInTwoGroups_areLeftOutWithAWarning_asKeepalivedDoes() {
        KeepalivedImporter.Result r = convert("""
                vrrp_sync_group G1 {
                  group {
                    VI_OUT
                    VI_GONE
                  }
                }
                vrrp_sync_group G2 {
                  group {
                    VI_OUT
                    VI_IN
                  }
                }
                """);
        VrrpdConfig cfg = KeepalivedImporterTest.load(r);
        assertEquals(List.of("VI_OUT"), cfg.syncGroups().get(0).members());
        assertEquals(List.of("VI_IN"), cfg.syncGroups().get(1).members());
        assertTrue(KeepalivedImporterTest.warned(r, "sync group member VI_GONE: no converted vrrp_instance"));
        assertTrue(KeepalivedImporterTest.warned(r, "instance VI_OUT is already in another vrrp_sync_group"));
    }

    @Test
    void aGroupWithoutConvertedMembers_isDroppedWithAWarning() {
        KeepalivedImporter.Result r = convert("""
                vrrp_sync_group EMPTY {
                  group {
                    NOPE
                  }
                }
                """);
        assertTrue(KeepalivedImporterTest.load(r).syncGroups().isEmpty());
        assertTrue(KeepalivedImporterTest.warned(r, "vrrp_sync_group EMPTY has no converted member"));
    }
}
