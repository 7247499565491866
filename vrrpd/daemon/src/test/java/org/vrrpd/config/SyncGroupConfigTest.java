package org.vrrpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sync_groups:} as agreed: names, members, notify, group tracking and keepalived's weight rule. */
class SyncGroupConfigTest {

    private static final String INSTANCES = """
            instances:
              - name: mail
                interface: eth1
                vrid: 51
                vips: [192.0.2.100/24]
                checks:
                  - {type: tcp, name: smtp, port: 25, weight: -60}
              - name: mail6
                interface: eth1
                vrid: 52
                vips: [fe80::52/64, 2001:db8::100/64]
                track_interfaces: [{name: eth2, weight: -10}]
              - name: web
                interface: eth1
                vrid: 53
                vips: [192.0.2.101/24]
            """;

    private static VrrpdConfig parse(String groups) throws ConfigException {
        return ConfigLoader.parse(INSTANCES + groups, "vrrpd.yaml", TestChecks.types());
    }

    private static String firstError(String groups) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(groups));
        ConfigProblem p = e.problems().get(0);
        return p.file() + ":" + p.line() + ": " + p.reason();
    }

    @Test
    void aGroup_shouldBindAsAgreed_andMergeItsTrackingIntoEveryMember() throws ConfigException {
        VrrpdConfig c = parse("""
                sync_groups:
                  - name: mail
                    members: [mail, mail6]
                    notify: /usr/local/lib/vrrpd/notify-group
                    notify_master: [/usr/local/bin/up, --fast]
                    track_interfaces: [eth0]
                    checks:
                      - {type: tcp, name: imap, port: 143}
                """);
        SyncGroupConfig g = c.syncGroups().get(0);
        assertEquals("mail", g.name());
        assertEquals(List.of("mail", "mail6"), g.members());
        assertEquals(List.of("/usr/local/lib/vrrpd/notify-group"), g.notifyScripts().onChange());
        assertEquals(List.of("/usr/local/bin/up", "--fast"), g.notifyScripts().onMaster());
        assertEquals(false, g.trackingWeight());
        InstanceConfig mail = c.instance("mail").orElseThrow();
        InstanceConfig mail6 = c.instance("mail6").orElseThrow();
        assertEquals(List.of("smtp", "imap"), mail.checks().stream().map(CheckSpec::name).toList());
        assertEquals(List.of("imap"), mail6.checks().stream().map(CheckSpec::name).toList());
        assertEquals(List.of(new TrackedInterface("eth0", 0)), mail.trackInterfaces());
        assertEquals(List.of(new TrackedInterface("eth2", 0), new TrackedInterface("eth0", 0)),
                mail6.trackInterfaces());
        assertEquals(List.of(), c.instance("web").orElseThrow().checks());
        assertEquals("mail", c.syncGroupOf("mail6").orElseThrow().name());
        assertTrue(c.syncGroupOf("web").isEmpty());
    }

    @Test
    void withoutTrackingWeight_everyWeightInTheGroupIsZero_withAWarning() throws ConfigException {
        VrrpdConfig c = parse("""
                sync_groups:
                  - name: mail
                    members: [mail, mail6]
                """);
        assertEquals(0, c.instance("mail").orElseThrow().checks().get(0).config().weight());
        assertTrue(c.warnings().stream().anyMatch(w -> w.reason().contains("ignores the tracking weights of member"
                + " 'mail'")), c.warnings().toString());
        assertTrue(c.warnings().stream().anyMatch(w -> w.reason().contains("member 'mail6'")));
    }

    @Test
    void withTrackingWeight_weightsApply() throws ConfigException {
        VrrpdConfig c = parse("""
                sync_groups:
                  - name: mail
                    members: [mail, mail6]
                    tracking_weight: true
                    checks: [{type: tcp, name: imap, port: 143, weight: -60}]
                """);
        assertEquals(-60, c.instance("mail").orElseThrow().checks().get(0).config().weight());
        assertEquals(-60, c.instance("mail6").orElseThrow().checks().get(0).config().weight());
        assertEquals(-10, c.instance("mail6").orElseThrow().trackInterfaces().get(0).weight());
    }

    @Test
    void anUnknownMember_isNamedWithItsLine() {
        assertEquals("vrrpd.yaml:19: sync group 'mail' member 'mail7' is not an instance of this file",
                firstError("""
                        sync_groups:
                          - name: mail
                            members: [mail, mail7]
                        """));
    }

    @Test
    void anInstanceInTwoGroups_isRefusedNamingTheFirst() {
        String e = firstError("""
                sync_groups:
                  - name: a
                    members: [mail, mail6]
                  - name: b
                    members: [web, mail]
                """);
        assertEquals("vrrpd.yaml:21: sync group 'b' member 'mail' is already in sync group 'a' (line 19); an"
                + " instance belongs to at most one group", e);
    }

    @Test
    void duplicateGroupNames_andMembersListedTwice_andMissingMembers_areErrors() {
        assertTrue(firstError("""
                sync_groups:
                  - {name: a, members: [mail]}
                  - {name: a, members: [web]}
                """).startsWith("vrrpd.yaml:19: duplicate sync group name 'a' (first defined at line 18)"));
        assertEquals("vrrpd.yaml:18: sync group 'a' lists instance 'mail' twice", firstError("""
                sync_groups:
                  - {name: a, members: [mail, mail]}
                """));
        assertTrue(firstError("""
                sync_groups:
                  - {name: a}
                """).contains("sync group 'a' needs at least one instance in 'members'"));
    }

    @Test
    void unknownKeys_andAGroupCheckClashingWithAMembersCheck_areErrors() {
        assertTrue(firstError("""
                sync_groups:
                  - {name: a, members: [mail], track_script: x}
                """).contains("track_script"));
        assertTrue(firstError("""
                sync_groups:
                  - name: a
                    members: [mail, mail6]
                    checks: [{type: tcp, name: smtp, port: 25}]
                """).endsWith("sync group 'a' check 'smtp' has the name of a check of member 'mail'; give one of"
                + " them another 'name'"));
    }

    @Test
    void aSingleMember_isAWarning() throws ConfigException {
        VrrpdConfig c = parse("""
                sync_groups:
                  - {name: solo, members: [web]}
                """);
        assertTrue(c.warnings().stream().anyMatch(w -> w.reason().contains("has a single member")));
    }
}
