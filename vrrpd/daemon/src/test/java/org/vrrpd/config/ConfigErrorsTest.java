package org.vrrpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every class of configuration error is reported as FILE:LINE:COLUMN: reason, at the key it concerns, and
 * all errors of a file are reported together.
 */
class ConfigErrorsTest {

    /** Parses and returns the problems as printed. */
    static List<String> errors(String yaml) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(yaml, "vrrpd.yaml", TestChecks.types()));
        return e.problems().stream().map(ConfigProblem::toString).collect(Collectors.toList());
    }

    /** An instance with {@code extra} lines appended (indented 4), starting at line 1. */
    static String instance(String extra) {
        return "instances:\n"
                + "  - name: mail\n"          // line 2
                + "    interface: eth0\n"     // line 3
                + "    vrid: 51\n"            // line 4
                + "    vips: [192.0.2.10/24]\n" // line 5
                + extra.lines().map(l -> "    " + l + "\n").collect(Collectors.joining()); // from line 6
    }

    @Test
    void vridOutOfRange_shouldNameTheVridLine() {
        assertEquals(List.of("vrrpd.yaml:4:5: instance 'mail' vrid 256 out of range 1..255"),
                errors(instance("").replace("vrid: 51", "vrid: 256")));
    }

    @Test
    void unknownKey_shouldBeRejected_withTheKnownKeys() {
        List<String> errors = errors(instance("vird: 3"));
        assertEquals(1, errors.size());
        String e = errors.get(0);
        assertTrue(e.startsWith("vrrpd.yaml:6:5: instance 'mail' unknown key 'vird'"
                + " (expected one of: "), e);
        assertTrue(e.contains("vrid"), e);
    }

    static void assertOneError(String expected, String yaml) {
        assertEquals(List.of(expected), errors(yaml));
    }

    static void assertStartsWith(String prefix, String actual) {
        assertTrue(actual.startsWith(prefix), () -> "expected to start with\n  " + prefix + "\nbut was\n  " + actual);
    }

    @Test
    void unknownGlobalAndRootKeys_shouldBeRejected() {
        List<String> errors = errors("global:\n  log_lvl: info\nextra: 1\n");
        assertEquals(2, errors.size());
        assertEquals("vrrpd.yaml:3:1: unknown key 'extra' (expected one of: global, instances, sync_groups)",
                errors.get(0));
        assertStartsWith("vrrpd.yaml:2:3: global: unknown key 'log_lvl' (expected one of: admin_group,", errors.get(1));
    }

    @Test
    void unknownCheckKey_shouldListTheTypesOwnKeys() {
        List<String> errors = errors(instance("checks:\n  - type: smtp\n    bogus: 1"));
        assertEquals(1, errors.size());
        assertStartsWith("vrrpd.yaml:8:9: instance 'mail' check #1: unknown key 'bogus' (expected one of: ehlo,"
                + " expect_banner, fall, fast_interval, host, interval, name, pid_file, port, rise, timeout, tls, weight)",
                errors.get(0));
    }

    @Test
    void unknownOrMissingCheckType_shouldListTheKnownTypes() {
        List<String> errors = errors(instance("checks:\n  - type: pop3\n  - port: 1"));
        assertEquals(List.of(
                "vrrpd.yaml:7:9: instance 'mail' check #1: unknown check type 'pop3' (known types: http, imap, nfs,"
                        + " plugin, process, script, smtp, tcp)",
                "vrrpd.yaml:8:9: instance 'mail' check #2: check has no 'type' (known types: http, imap, nfs,"
                        + " plugin, process, script, smtp, tcp)"), errors);
    }

    @Test
    void wrongTypes_shouldSayWhatWasExpected() {
        assertOneError("vrrpd.yaml:6:5: instance 'mail' priority: expected an integer, got 'high'",
                instance("priority: high"));
        assertOneError("vrrpd.yaml:6:5: instance 'mail' priority: '1.5' is not an integer", instance("priority: 1.5"));
        assertOneError("vrrpd.yaml:6:5: instance 'mail' preempt: expected true or false, got 'yes'",
                instance("preempt: \"yes\""));
        assertOneError("vrrpd.yaml:6:5: instance 'mail' advert_interval: not a duration: '1x' (expected e.g. 100ms,"
                + " 1s, 1.5s, 2m, or seconds as a number)", instance("advert_interval: 1x"));
        assertOneError("vrrpd.yaml:9:9: instance 'mail' check 'sub': port: expected an integer, got 'abc'",
                instance("checks:\n  - type: smtp\n    name: sub\n    port: abc"));
    }

    @Test
    void outOfRangeValues_shouldNameTheRange() {
        assertOneError("vrrpd.yaml:6:5: instance 'mail' priority 0 out of range 1..255 (255 = address owner)",
                instance("priority: 0"));
        assertOneError("vrrpd.yaml:6:5: instance 'mail' version 4 is not 2 or 3", instance("version: 4"));
        assertOneError("vrrpd.yaml:6:5: instance 'mail' preempt_delay 1001s out of range 0..1000s",
                instance("preempt_delay: 1001"));
        assertOneError("vrrpd.yaml:6:5: instance 'mail' garp_master_repeat 0 out of range 1..255",
                instance("garp_master_repeat: 0"));
        assertOneError("vrrpd.yaml:8:9: instance 'mail' track_interfaces weight 254 out of range -253..253",
                instance("track_interfaces:\n  - name: eth1\n    weight: 254"));
        assertOneError("vrrpd.yaml:8:9: instance 'mail' check 'smtp' weight -300 out of range -253..253",
                instance("checks:\n  - type: smtp\n    weight: -300"));
        assertOneError("vrrpd.yaml:8:9: instance 'mail' check 'smtp' fall 0 must be >= 1",
                instance("checks:\n  - type: smtp\n    fall: 0"));
        assertOneError("vrrpd.yaml:8:9: instance 'mail' check 'smtp' fast_interval 2s must not be longer than its"
                + " interval 1s", instance("checks:\n  - type: smtp\n    fast_interval: 2s"));
        assertOneError("vrrpd.yaml:8:9: instance 'mail' check 'smtp' fast_interval must be positive",
                instance("checks:\n  - type: smtp\n    fast_interval: 0"));
        assertOneError("vrrpd.yaml:8:9: instance 'mail' check 'smtp' pid_file must be an absolute path, got"
                + " 'run/master.pid'", instance("checks:\n  - type: smtp\n    pid_file: run/master.pid"));
    }

    @Test
    void advertInterval_v3_shouldRejectNonMultiplesOf10msAndValuesOutside10msTo40950ms() {
        for (String bad : List.of("15ms", "5ms", "41s", "1.005s")) {
            assertEquals(1, errors(instance("advert_interval: " + bad)).size(), bad);
            assertStartsWith("vrrpd.yaml:6:5: instance 'mail' advert_interval ",
                    errors(instance("advert_interval: " + bad)).get(0));
        }
        assertOneError("vrrpd.yaml:6:5: instance 'mail' advert_interval 15ms must be a multiple of 10ms between 10ms"
                + " and 40.95s for VRRPv3", instance("advert_interval: 15ms"));
    }

    @Test
    void advertInterval_v2_shouldRequireWholeSecondsUpTo255() {
        assertOneError("vrrpd.yaml:7:5: instance 'mail' advert_interval 1500ms must be whole seconds between 1s and"
                + " 255s for VRRPv2", instance("version: 2\nadvert_interval: 1.5s"));
        assertEquals(1, errors(instance("version: 2\nadvert_interval: 256")).size());
    }

    @Test
    void sameVridOnSameInterfaceAndFamily_shouldBeRejectedAtTheSecondInstance() {
        String yaml = instance("") + "  - name: other\n    interface: eth0\n    vrid: 51\n    vips: [192.0.2.20/24]\n";
        assertOneError("vrrpd.yaml:8:5: instance 'other' vrid 51 on eth0 (ipv4) is already used by the instance at"
                + " line 2", yaml);
    }

    @Test
    void sameVridOnAnotherInterface_shouldBeAccepted() throws Exception {
        String yaml = instance("") + "  - name: other\n    interface: eth1\n    vrid: 51\n    vips: [192.0.2.20/24]\n";
        assertEquals(2, ConfigLoader.parse(yaml, "vrrpd.yaml", TestChecks.types()).instances().size());
    }

    @Test
    void duplicateInstanceNames_shouldBeRejected() {
        String yaml = instance("") + "  - name: mail\n    interface: eth1\n    vrid: 52\n    vips: [192.0.2.20/24]\n";
        assertOneError("vrrpd.yaml:6:5: duplicate instance name 'mail' (first defined at line 2)", yaml);
    }

    @Test
    void duplicateCheckNames_shouldBeRejected_suggestingANameWhenUnnamed() {
        assertOneError("vrrpd.yaml:9:9: instance 'mail' duplicate check name 'smtp' (give each smtp check a 'name')",
                instance("checks:\n  - type: smtp\n    port: 25\n  - type: smtp\n    port: 587"));
        assertOneError("vrrpd.yaml:10:9: instance 'mail' duplicate check name 'x'",
                instance("checks:\n  - type: smtp\n    name: x\n  - type: imap\n    name: x"));
    }

    @Test
    void vipOfTheOtherFamily_shouldBeRejectedAtThatVip() {
        String yaml = instance("").replace("    vips: [192.0.2.10/24]\n", "    vips:\n      - 192.0.2.10/24\n"
                + "      - 2001:db8::10/64\n");
        List<String> errors = errors(yaml);
        assertEquals(1, errors.size());
        assertStartsWith("vrrpd.yaml:7:9: instance 'mail' VIP 2001:db8::10/64 is ipv6 but the instance is"
                + " ipv4 (one family per instance", errors.get(0));
    }

    @Test
    void explicitFamilyContradictingTheVips_shouldBeRejected() {
        List<String> errors = errors(instance("family: ipv6"));
        assertEquals(1, errors.size());
        assertStartsWith("vrrpd.yaml:5:12: instance 'mail' VIP 192.0.2.10/24 is ipv4 but the instance is ipv6",
                errors.get(0));
    }

    @Test
    void unknownFamily_shouldBeRejectedAtTheFamilyKey() {
        assertOneError("vrrpd.yaml:6:5: instance 'mail' family 'ipx' is not ipv4 or ipv6", instance("family: ipx"));
    }

    @Test
    void version2WithIpv6_shouldBeRejected() {
        String yaml = instance("version: 2").replace("[192.0.2.10/24]", "[\"fe80::1/64\"]");
        assertOneError("vrrpd.yaml:6:5: instance 'mail' VRRPv2 is IPv4-only (RFC 3768); use version 3 for IPv6", yaml);
    }

    @Test
    void unicastPeerOfTheWrongFamily_shouldBeRejectedAtThePeer() {
        assertOneError("vrrpd.yaml:8:9: instance 'mail' unicast peer 2001:db8::2 is ipv6 but the instance"
                + " is ipv4", instance("unicast_peers:\n  - 192.0.2.2\n  - 2001:db8::2"));
        assertOneError("vrrpd.yaml:6:5: instance 'mail' unicast_source 2001:db8::1 is ipv6 but the"
                + " instance is ipv4", instance("unicast_source: 2001:db8::1\nunicast_peers: [192.0.2.2]"));
        assertOneError("vrrpd.yaml:6:21: instance 'mail' unicast peer 'peer.example' is not an IP address",
                instance("unicast_peers: [peer.example]"));
    }

    @Test
    void ownerWithPreemptFalse_shouldBeRejected() {
        assertOneError("vrrpd.yaml:7:5: instance 'mail' priority 255 (address owner) always preempts (RFC 9568"
                + " §6.1); remove 'preempt: false' or lower the priority", instance("priority: 255\npreempt: false"));
    }

    @Test
    void checksumOnVersion2_shouldBeRejected() {
        assertOneError("vrrpd.yaml:7:5: instance 'mail' checksum applies only to VRRPv3 over IPv4 (v2 never uses a"
                + " pseudo-header, IPv6 always does)", instance("version: 2\nchecksum: rfc9568"));
        assertOneError("vrrpd.yaml:6:5: instance 'mail' checksum 'cisco' is not pseudo-header or rfc9568",
                instance("checksum: cisco"));
    }

    @Test
    void missingRequiredKeys_shouldBeReportedAtTheInstance() {
        assertEquals(List.of("vrrpd.yaml:2:5: instance 'x' has no interface", "vrrpd.yaml:2:5: instance 'x' has no vrid"),
                errors("instances:\n  - name: x\n"));
    }

    @Test
    void badVipsAndNotify_shouldBeRejected() {
        assertOneError("vrrpd.yaml:5:12: instance 'mail' VIP '192.0.2.10/33': prefix length must be 0..32",
                instance("").replace("192.0.2.10/24", "192.0.2.10/33"));
        assertOneError("vrrpd.yaml:5:27: instance 'mail' VIP 192.0.2.10 listed twice",
                instance("").replace("[192.0.2.10/24]", "[192.0.2.10/24, 192.0.2.10/32]"));
        assertOneError("vrrpd.yaml:6:5: instance 'mail' notify_master must start with an absolute path to the script",
                instance("notify_master: to-active.sh"));
    }

    @Test
    void metricsOnANonLoopbackAddress_shouldNeedAllowRemote() throws Exception {
        assertOneError("vrrpd.yaml:3:5: global: metrics listen address 192.0.2.1:9650 is not loopback; set"
                + " 'allow_remote: true' to expose metrics beyond this host",
                "global:\n  metrics:\n    listen: 192.0.2.1:9650\n");
        VrrpdConfig ok = ConfigLoader.parse("global:\n  metrics:\n    listen: 192.0.2.1:9650\n    allow_remote: true\n",
                "vrrpd.yaml", TestChecks.types());
        assertTrue(ok.global().metrics().orElseThrow().allowRemote());
    }

    @Test
    void yamlSyntaxErrorsAndDuplicateKeys_shouldBeLocated() {
        List<String> syntax = errors("instances:\n  - name: [unclosed\n");
        assertEquals(1, syntax.size());
        assertEquals("vrrpd.yaml:3:1: YAML syntax error: expected ',' or ']', but got <stream end> (while parsing a"
                + " flow sequence)", syntax.get(0));
        assertOneError("vrrpd.yaml:6:5: duplicate key 'vrid'", instance("vrid: 52"));
    }

    @Test
    void allErrorsOfAFile_shouldBeReportedTogether_inFileOrder() {
        String yaml = instance("priority: 0").replace("vrid: 51", "vrid: 300")
                + "  - name: two\n    interface: eth1\n    vrid: 0\n    vips: [2001:db8::5/64]\n    version: 2\n";
        assertEquals(List.of(
                "vrrpd.yaml:4:5: instance 'mail' vrid 300 out of range 1..255",
                "vrrpd.yaml:6:5: instance 'mail' priority 0 out of range 1..255 (255 = address owner)",
                "vrrpd.yaml:9:5: instance 'two' vrid 0 out of range 1..255",
                "vrrpd.yaml:11:5: instance 'two' VRRPv2 is IPv4-only (RFC 3768); use version 3 for IPv6"), errors(yaml));
    }
}
