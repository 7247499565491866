package org.vrrpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.ConfigDiff.Aspect;

class ConfigDiffTest {

    private static final String BASE = """
            instances:
              - name: mail
                interface: eth0
                vrid: 51
                priority: 150
                vips: [192.0.2.100/24]
                checks:
                  - type: smtp
                    port: 25
                    interval: 1s
                    weight: -60
              - name: web
                interface: eth0
                vrid: 52
                vips: [192.0.2.200/24]
            """;

    static VrrpdConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "vrrpd.yaml", TestChecks.types());
    }

    @Test
    void identicalConfigs_shouldDiffEmpty_evenWhenDurationsAreSpelledDifferently() throws Exception {
        ConfigDiff diff = ConfigDiff.between(parse(BASE), parse(BASE.replace("interval: 1s", "interval: 1000ms")
                .replace("  - name: mail", "# a comment moves every line\n  - name: mail")));
        assertTrue(diff.isEmpty(), diff::toString);
        assertEquals(List.of("mail", "web"), diff.unchanged().stream().map(InstanceConfig::name).toList());
    }

    @Test
    void priorityChange_shouldBeAProtocolChange() throws Exception {
        ConfigDiff diff = ConfigDiff.between(parse(BASE), parse(BASE.replace("priority: 150", "priority: 120")));
        assertEquals(1, diff.changed().size());
        ConfigDiff.Change change = diff.changed().get(0);
        assertEquals("mail", change.name());
        assertEquals(Set.of(Aspect.PRIORITY), change.aspects());
        assertFalse(change.needsNewRouter());
        assertEquals(150, change.before().priority());
        assertEquals(120, change.after().priority());
        assertEquals(List.of("web"), diff.unchanged().stream().map(InstanceConfig::name).toList());
    }

    @Test
    void vridChange_shouldNeedANewRouter() throws Exception {
        ConfigDiff diff = ConfigDiff.between(parse(BASE), parse(BASE.replace("vrid: 52", "vrid: 53")));
        assertEquals(Set.of(Aspect.IDENTITY), diff.changed().get(0).aspects());
        assertTrue(diff.changed().get(0).needsNewRouter());
    }

    @Test
    void vipAndTimerChanges_shouldBeNamed() throws Exception {
        ConfigDiff diff = ConfigDiff.between(parse(BASE), parse(BASE.replace("[192.0.2.100/24]",
                "[192.0.2.100/24, 192.0.2.101/24]\n    advert_interval: 500ms\n    accept_mode: true")));
        assertEquals(Set.of(Aspect.ADDRESSES, Aspect.TIMERS, Aspect.ELECTION), diff.changed().get(0).aspects());
    }

    @Test
    void checkChangeOnly_shouldLeaveTheRouterUnchanged_butListTheSupervisionChange() throws Exception {
        ConfigDiff diff = ConfigDiff.between(parse(BASE), parse(BASE.replace("weight: -60", "weight: -70")));
        assertEquals(List.of(), diff.changed());
        assertEquals(2, diff.unchanged().size());
        assertEquals(1, diff.supervisionChanged().size());
        assertEquals(Set.of(Aspect.CHECKS), diff.supervisionChanged().get(0).aspects());
        assertFalse(diff.isEmpty());
        assertTrue(diff.supervisionChanged().get(0).before().sameProtocolSettings(
                diff.supervisionChanged().get(0).after()));
    }

    @Test
    void notifyAndTrackingChanges_shouldNotBeProtocolChanges() throws Exception {
        ConfigDiff diff = ConfigDiff.between(parse(BASE), parse(BASE.replace("vips: [192.0.2.200/24]",
                "vips: [192.0.2.200/24]\n    notify: /usr/local/bin/n\n    track_interfaces: [eth1]")));
        assertEquals(List.of(), diff.changed());
        assertEquals(Set.of(Aspect.NOTIFY, Aspect.TRACKING), diff.supervisionChanged().get(0).aspects());
    }

    @Test
    void addedAndRemovedInstances_shouldBeMatchedByName() throws Exception {
        String renamed = BASE.replace("name: web", "name: www");
        ConfigDiff diff = ConfigDiff.between(parse(BASE), parse(renamed));
        assertEquals(List.of("www"), diff.added().stream().map(InstanceConfig::name).toList());
        assertEquals(List.of("web"), diff.removed().stream().map(InstanceConfig::name).toList());
        assertEquals(List.of("mail"), diff.unchanged().stream().map(InstanceConfig::name).toList());
        assertFalse(diff.globalChanged());
    }

    @Test
    void globalChange_shouldBeFlagged() throws Exception {
        ConfigDiff diff = ConfigDiff.between(parse(BASE), parse("global:\n  log_level: debug\n" + BASE));
        assertTrue(diff.globalChanged());
        assertEquals(2, diff.unchanged().size());
    }

    @Test
    void globalKeys_shouldNameEachChangedKeyAsSpelledInTheFile() throws Exception {
        GlobalConfig base = parse(BASE).global();
        assertEquals(List.of(), ConfigDiff.globalKeys(base, parse(BASE).global()));
        String[][] cases = {
            {"control_socket: /run/other/vrrpd.sock", "control_socket"},
            {"admin_group: adm", "admin_group"},
            {"metrics:\n    listen: 127.0.0.1:9101", "metrics"},
            {"plugin_dir: /opt/vrrpd/plugins", "plugin_dir"},
            {"script_user: nobody", "script_user"},
            {"notify_fifo: /run/vrrpd/notify.fifo", "notify_fifo"},
            {"log_level: debug", "log_level"},
            {"plugin_host:\n    heap: 128m", "plugin_host"},
            {"vrrp_guard: true", "vrrp_guard"},
        };
        for (String[] c : cases) {
            GlobalConfig next = parse("global:\n  " + c[0] + "\n" + BASE).global();
            assertEquals(List.of(c[1]), ConfigDiff.globalKeys(base, next), c[0]);
        }
        GlobalConfig two = parse("global:\n  log_level: debug\n  admin_group: adm\n" + BASE).global();
        assertEquals(List.of("admin_group", "log_level"), ConfigDiff.globalKeys(base, two));
    }
}
