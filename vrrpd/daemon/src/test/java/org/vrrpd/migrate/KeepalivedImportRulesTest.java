package org.vrrpd.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The importer's own rules: what keepalived accepts that vrrpd spells differently, and how errors are reported. */
class KeepalivedImportRulesTest {

    @TempDir
    Path dir;

    private static String instance(String name, int vrid, String... vips) {
        return "vrrp_instance " + name + " {\n state BACKUP\n interface eth0\n virtual_router_id " + vrid
                + "\n priority 100\n virtual_ipaddress {\n  " + String.join("\n  ", vips) + "\n }\n}\n";
    }

    private static JsonNode tree(KeepalivedImporter.Result r) throws Exception {
        return new YAMLMapper().readTree(r.yaml());
    }

    /** keepalived runs from / and looks a bare command up in PATH; vrrpd runs notify scripts by absolute path. */
    @Test
    void notifyScriptsWithoutAnAbsolutePath_shouldBeMadeAbsolute_withAWarningEach() throws Exception {
        String text = "vrrp_sync_group G {\n group {\n  mail\n }\n notify_fault \"path/xx.sh G\"\n}\n"
                + instance("mail", 51, "192.0.2.10").replace(" priority 100\n", " priority 100\n notify_master xx.sh\n");
        KeepalivedImporter.Result r = KeepalivedImporter.convert(text, "k.conf", dir);
        JsonNode t = tree(r);
        assertEquals("[\"/path/xx.sh\",\"G\"]", t.path("sync_groups").get(0).path("notify_fault").toString());
        assertEquals("[\"/usr/bin/env\",\"xx.sh\"]", t.path("instances").get(0).path("notify_master").toString());
        assertEquals(2, r.warnings().stream().filter(w -> w.contains("write the absolute path")).count(),
                r.warnings().toString());
        assertTrue(r.errors().isEmpty(), r.errors().toString());
    }

    @Test
    void vipsOfBothFamilies_shouldBeSplitIntoTwoInstancesJoinedByASyncGroup() throws Exception {
        String text = "vrrp_instance mail {\n interface eth0\n virtual_router_id 51\n priority 150\n"
                + " authentication {\n  auth_type PASS\n  auth_pass s3cret\n }\n"
                + " unicast_src_ip 192.0.2.1\n unicast_peer {\n  192.0.2.2\n  2001:db8::2\n }\n"
                + " virtual_ipaddress {\n  192.0.2.10/24\n  2001:db8::10/64\n  192.0.2.11/24\n }\n}\n";
        KeepalivedImporter.Result r = KeepalivedImporter.convert(text, "k.conf", dir);
        JsonNode t = tree(r);
        assertEquals(List.of(), r.errors());
        assertEquals(2, t.path("instances").size(), r.yaml());
        JsonNode v4 = t.path("instances").get(0);
        JsonNode v6 = t.path("instances").get(1);
        assertEquals("mail", v4.path("name").asText());
        assertEquals("mail_6", v6.path("name").asText());
        assertEquals("[\"192.0.2.10/24\",\"192.0.2.11/24\"]", v4.path("vips").toString());
        assertTrue(v6.path("vips").toString().contains("2001:db8::10/64"), v6.toString());
        assertFalse(v6.path("vips").toString().contains("192.0.2"), v6.toString());
        assertEquals("[\"192.0.2.2\"]", v4.path("unicast_peers").toString());
        assertEquals("[\"2001:db8::2\"]", v6.path("unicast_peers").toString());
        assertTrue(v6.path("unicast_source").isMissingNode(), "an IPv4 source is not the IPv6 part's");
        assertTrue(v6.path("authentication").isMissingNode(), "IPv6 is VRRPv3, without authentication");
        assertEquals(3, v6.path("version").asInt());
        assertEquals(51, v6.path("vrid").asInt());
        JsonNode group = t.path("sync_groups").get(0);
        assertEquals("mail", group.path("name").asText());
        assertEquals("[\"mail\",\"mail_6\"]", group.path("members").toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("k.conf:1: VIPs of both families")),
                r.warnings().toString());
    }

    @Test
    void aSplitInstanceInAVrrpSyncGroup_shouldNotGetAGroupOfItsOwn_butBringItsIpv6PartIntoThatGroup()
            throws Exception {
        String text = "vrrp_sync_group G {\n group {\n  mail\n }\n}\n"
                + instance("mail", 51, "192.0.2.10", "2001:db8::10");
        KeepalivedImporter.Result r = KeepalivedImporter.convert(text, "k.conf", dir);
        JsonNode groups = tree(r).path("sync_groups");
        assertEquals(1, groups.size(), r.yaml());
        assertEquals("G", groups.get(0).path("name").asText());
        assertEquals("[\"mail\",\"mail_6\"]", groups.get(0).path("members").toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("both join the instance's vrrp_sync_group")),
                r.warnings().toString());
    }

    @Test
    void theIpv6Part_withoutIpv6UnicastPeers_shouldBeSaidToUseMulticast() throws Exception {
        String text = instance("mail", 51, "192.0.2.10", "2001:db8::10").replace(" priority 100\n",
                " priority 100\n unicast_peer {\n  192.0.2.2\n }\n");
        KeepalivedImporter.Result r = KeepalivedImporter.convert(text, "k.conf", dir);
        assertTrue(tree(r).path("instances").get(1).path("unicast_peers").isMissingNode(), r.yaml());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("mail_6 has no IPv6 unicast peer")),
                r.warnings().toString());
    }

    @Test
    void everyError_shouldBeReportedInOneRun_eachWithItsLine() throws Exception {
        String text = instance("VI_1", 1, "192.0.2.1") + "include missing.conf\n" + instance("VI_1", 2, "192.0.2.2")
                + instance("VI_2", 3, "VIP_PLACEHOLDER");
        KeepalivedImporter.Result r = KeepalivedImporter.convert(text, "k.conf", dir);
        assertEquals(3, r.errors().size(), r.errors().toString());
        assertTrue(r.errors().get(0).startsWith("k.conf:10: include missing.conf: no such file"), r.errors().get(0));
        assertTrue(r.errors().get(1).startsWith("k.conf:11: vrrp_instance VI_1 already defined at k.conf:1"),
                r.errors().get(1));
        assertTrue(r.errors().get(2).startsWith("k.conf:26: 'VIP_PLACEHOLDER' is not an IP address"),
                r.errors().get(2));
        assertEquals(1, tree(r).path("instances").get(0).path("vrid").asInt(), "keepalived keeps the first block");
    }

    @Test
    void repeatedNotifyLines_shouldKeepTheFirst_asKeepalivedDoes() throws Exception {
        String text = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n"
                + " notify_master /usr/local/bin/first\n notify_master /usr/local/bin/second\n"
                + " virtual_ipaddress {\n  192.0.2.1\n }\n}\n";
        KeepalivedImporter.Result r = KeepalivedImporter.convert(text, "k.conf", dir);
        assertEquals("[\"/usr/local/bin/first\"]", tree(r).path("instances").get(0).path("notify_master").toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("k.conf:5: second notify_master ignored")),
                r.warnings().toString());
    }

    @Test
    void unicastAddressesWithAPrefix_shouldLoseThePrefix_asKeepalivedReadsThem() throws Exception {
        String text = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n unicast_src_ip 192.0.2.1/24\n"
                + " unicast_peer {\n  192.0.2.2/24\n }\n virtual_ipaddress {\n  192.0.2.10\n }\n}\n";
        KeepalivedImporter.Result r = KeepalivedImporter.convert(text, "k.conf", dir);
        JsonNode i = tree(r).path("instances").get(0);
        assertEquals("192.0.2.1", i.path("unicast_source").asText());
        assertEquals("[\"192.0.2.2\"]", i.path("unicast_peers").toString());
        KeepalivedImporterTest.load(r);
    }

    @Test
    void stateKeywords_shouldGiveOneSummaryLine() throws Exception {
        String text = instance("A", 1, "192.0.2.1") + instance("B", 2, "192.0.2.2")
                + instance("C", 3, "192.0.2.3").replace("BACKUP", "MASTER");
        KeepalivedImporter.Result r = KeepalivedImporter.convert(text, "k.conf", dir);
        List<String> about = r.warnings().stream().filter(w -> w.contains("'state'")).toList();
        assertEquals(1, about.size(), r.warnings().toString());
        assertTrue(about.get(0).contains("BACKUP in 2 (k.conf:2, k.conf:11); MASTER in 1 (k.conf:20)"), about.get(0));
    }

    @Test
    void aFileWithOnlyLvs_shouldSayThereIsNothingToImport_atTheLvsLine() throws Exception {
        KeepalivedImporter.Result r = KeepalivedImporter.convert("global_defs {\n router_id x\n}\n"
                + "virtual_server 192.0.2.1 80 {\n lb_algo rr\n}\n", "k.conf", dir);
        assertEquals(1, r.errors().size());
        assertTrue(r.errors().get(0).startsWith("k.conf:4: nothing to import"), r.errors().get(0));
    }

    @Test
    void aValueInIso88591_shouldBeCarriedOverWithAWarningNamingItsLine() throws Exception {
        String text = "# caf\u00e9 in a comment: no warning\nvrrp_instance VI_1 {\n interface eth0\n"
                + " virtual_router_id 1\n authentication {\n  auth_type PASS\n  auth_pass caf\u00e9\n }\n"
                + " virtual_ipaddress {\n  192.0.2.1\n }\n}\n";
        Files.write(dir.resolve("latin1.conf"), text.getBytes(StandardCharsets.ISO_8859_1));
        KeepalivedImporter.Result r = KeepalivedImporter.convert(dir.resolve("latin1.conf"));
        assertEquals("caf\u00e9", tree(r).path("instances").get(0).path("authentication").path("password").asText());
        List<String> notUtf8 = r.warnings().stream().filter(w -> w.contains("not UTF-8")).toList();
        assertEquals(1, notUtf8.size(), r.warnings().toString());
        assertTrue(notUtf8.get(0).contains("latin1.conf:7: "), notUtf8.get(0));
    }

    @Test
    void configIdAndDefinitions_shouldReachTheInstance() throws Exception {
        Files.writeString(dir.resolve("common.conf"), "$VIP=192.0.2.10\n");
        String text = "include common.conf\nvrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n"
                + "@lb1 priority 150\n@lb2 priority 100\n virtual_ipaddress {\n  ${VIP}\n }\n}\n";
        JsonNode lb1 = tree(KeepalivedImporter.convert(text, "k.conf", dir, "lb1")).path("instances").get(0);
        JsonNode lb2 = tree(KeepalivedImporter.convert(text, "k.conf", dir, "lb2")).path("instances").get(0);
        assertEquals(150, lb1.path("priority").asInt());
        assertEquals(100, lb2.path("priority").asInt());
        assertEquals("[\"192.0.2.10\"]", lb1.path("vips").toString());
    }
}
