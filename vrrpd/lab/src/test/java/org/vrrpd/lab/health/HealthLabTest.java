package org.vrrpd.lab.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vrrpd.lab.fixture.Routers.NAME;
import static org.vrrpd.lab.fixture.Routers.awaitState;
import static org.vrrpd.lab.health.HealthStatus.contribution;
import static org.vrrpd.lab.health.HealthStatus.effective;
import static org.vrrpd.lab.health.HealthStatus.micros;
import static org.vrrpd.lab.health.HealthStatus.skewMs;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.KeepalivedNode;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.LabProcess;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * Health checks moving a running daemon's priority, timed from the bridge capture: a failing check with a
 * negative weight hands the VIP over (vrrpd and keepalived Masters), a weight-0 check faults the Master, and a
 * service stopped at instant T is followed by the new Master's first advert within check interval + timeout +
 * Skew_Time + 20 ms.
 */
@Tag("lab")
class HealthLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);
    static final String WEB = "192.0.2.1";

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    static String tcpCheck(int weight) {
        return "    checks:\n"
                + "      - {type: tcp, name: web, host: " + WEB + ", port: 8080, interval: 1s, timeout: 1s,"
                + " rise: 1, fall: 1, weight: " + weight + "}\n";
    }

    static LabProcess web(Routers p, String name) throws Exception {
        LabProcess web = p.lab.spawn("r1", name, List.of("python3", "-m", "http.server", "8080", "--bind", WEB));
        Poll.until("web server listening", SETTLE, () -> {
            try {
                p.lab.exec("r1", "python3", "-c", "import socket; socket.create_connection(('" + WEB + "', 8080), 1)");
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return web;
    }

    @Test
    void serviceStopped_onMasterWithWeightMinus60_shouldMoveTheVipWithinIntervalPlusTimeoutPlusSkewPlus20ms()
            throws Exception {
        try (Routers p = HealthStatus.routers()) {
            LabProcess web = web(p, "web");
            try (VrrpdNode r1 = p.vrrpd(1, 150, tcpCheck(-60)); VrrpdNode r2 = p.vrrpd(2, 100, null)) {
                awaitState(r1, "MASTER", SETTLE);
                awaitState(r2, "BACKUP", SETTLE);
                Poll.until("r1 effective 150", SETTLE, () -> effective(r1) == 150);
                JsonNode c = contribution(r1, "web");
                assertNotNull(c, "status shows the check's contribution");
                assertTrue(c.path("up").asBoolean());
                assertEquals(0, c.path("delta").asInt());

                Instant stop = Instant.now();
                web.signal("KILL");
                long stopUs = micros(stop);
                awaitState(r2, "MASTER", SETTLE);
                p.awaitVipOnlyOn(2, SETTLE);
                Pcap.Frame lowered = Poll.untilValue(() -> p.advertsFrom(1).stream()
                        .filter(f -> f.micros() >= stopUs && f.vrrpPriority() == 90).findFirst().orElse(null),
                        "r1 advertising priority 90");
                Pcap.Frame first = Poll.untilValue(() -> p.firstAdvertFrom(2, stopUs).orElse(null), "r2 advert");
                Pcap.Frame garp = Poll.untilValue(() -> p.firstGarpAfter(stopUs).orElse(null), "GARP for the VIP");
                double toLowered = (lowered.micros() - stopUs) / 1000.0;
                double toFirst = (first.micros() - stopUs) / 1000.0;
                double toGarp = (garp.micros() - stopUs) / 1000.0;
                double bound = 1000 + 1000 + skewMs(100) + 20;
                System.out.printf("[health/tcp -60] stop -> r1 advertises 90: %.1f ms; -> r2 first advert: %.1f ms"
                        + " (lowered advert -> r2: %.1f ms, Skew_Time %.1f ms); -> VIP GARP: %.1f ms; bound %.1f ms%n",
                        toLowered, toFirst, toFirst - toLowered, skewMs(100), toGarp, bound);
                assertTrue(toFirst <= bound, "took " + toFirst + " ms, bound " + bound + " ms");
                assertTrue(toFirst - toLowered <= skewMs(100) + 20, "fast takeover after Skew_Time");

                assertEquals(90, effective(r1));
                JsonNode down = contribution(r1, "web");
                assertFalse(down.path("up").asBoolean());
                assertEquals(-60, down.path("delta").asInt());
                JsonNode check = HealthStatus.check(r1, "web");
                assertNotNull(check, "vrrpctl checks lists the check");
                assertEquals("tcp", check.path("type").asText());
                assertEquals(NAME, check.path("instance").asText());
                assertEquals(-60, check.path("weight").asInt());
                assertTrue(check.path("consecutiveFail").asInt() >= 1);
                assertFalse(check.path("message").asText().isEmpty());
                assertEquals("BACKUP", r1.state(NAME));
            }
        }
    }

    @Test
    void weightZeroCheckDown_shouldFaultTheMaster_andHandOver_thenRecover() throws Exception {
        try (Routers p = HealthStatus.routers()) {
            LabProcess web = web(p, "web");
            try (VrrpdNode r1 = p.vrrpd(1, 150, tcpCheck(0)); VrrpdNode r2 = p.vrrpd(2, 100, null)) {
                awaitState(r1, "MASTER", SETTLE);
                awaitState(r2, "BACKUP", SETTLE);
                Instant stop = Instant.now();
                web.signal("KILL");
                long stopUs = micros(stop);
                awaitState(r1, "FAULT", SETTLE);
                awaitState(r2, "MASTER", SETTLE);
                p.awaitVipOnlyOn(2, SETTLE);
                Pcap.Frame zero = Poll.untilValue(() -> p.advertsFrom(1).stream()
                        .filter(f -> f.micros() >= stopUs && f.vrrpPriority() == 0).findFirst().orElse(null),
                        "r1 priority 0");
                Pcap.Frame first = Poll.untilValue(() -> p.firstAdvertFrom(2, stopUs).orElse(null), "r2 advert");
                double toZero = (zero.micros() - stopUs) / 1000.0;
                double toFirst = (first.micros() - stopUs) / 1000.0;
                double bound = 1000 + 1000 + skewMs(100) + 20;
                System.out.printf("[health/tcp weight 0] stop -> r1 priority 0: %.1f ms; -> r2 first advert: %.1f ms"
                        + " (bound %.1f ms)%n", toZero, toFirst, bound);
                assertTrue(toFirst <= bound, "took " + toFirst + " ms");
                JsonNode faults = HealthStatus.priority(r1).path("faults");
                assertTrue(faults.toString().contains("check 'web' is down"), faults.toString());
                assertFalse(p.hasVip(1));

                web(p, "web-again");
                awaitState(r1, "MASTER", SETTLE);
                p.awaitVipOnlyOn(1, SETTLE);
            }
        }
    }

    @Test
    void keepalivedMasterWithFailingScript_shouldLowerItsPriority_andOurBackupTakesOver() throws Exception {
        try (Routers p = HealthStatus.routers()) {
            Path flag = p.lab.file("ka-fail");
            Path script = p.lab.writeFile("ka-check.sh", "#!/bin/sh\ntest ! -e " + flag + "\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            KeepalivedNode.Settings s = KeepalivedNode.Settings.of(NAME, HealthStatus.VRID, 3, 150, "1",
                    List.of(HealthStatus.V.vipCidr())).withLines(List.of("track_script {\n    chk\n  }"));
            String conf = "vrrp_script chk {\n  script \"" + script + "\"\n  interval 1\n  timeout 1\n  weight -60\n"
                    + "  fall 1\n  rise 1\n}\n" + KeepalivedNode.render(s).replace("global_defs {\n",
                    "global_defs {\n  script_user root\n");
            Path confFile = p.lab.writeFile("r1-keepalived.conf", conf);
            p.lab.spawn("r1", "r1-keepalived", List.of("keepalived", "--dont-fork", "--log-console",
                    "--log-detail", "--vrrp", "--use-file=" + confFile, "--pid=" + p.lab.file("r1-ka.pid"),
                    "--vrrp_pid=" + p.lab.file("r1-ka-vrrp.pid")));
            try (VrrpdNode r2 = p.vrrpd(2, 100, null)) {
                Poll.until("keepalived master advertising 150", SETTLE, () -> p.advertsFrom(1).stream()
                        .anyMatch(f -> f.vrrpPriority() == 150));
                awaitState(r2, "BACKUP", SETTLE);
                p.awaitVipOnlyOn(1, SETTLE);
                Instant fail = Instant.now();
                Files.writeString(flag, "");
                long failUs = micros(fail);
                awaitState(r2, "MASTER", SETTLE);
                p.awaitVipOnlyOn(2, SETTLE);
                Pcap.Frame lowered = Poll.untilValue(() -> p.advertsFrom(1).stream()
                        .filter(f -> f.micros() >= failUs && f.vrrpPriority() == 90).findFirst().orElse(null),
                        "keepalived advertising 90");
                Pcap.Frame first = Poll.untilValue(() -> p.firstAdvertFrom(2, failUs).orElse(null), "r2 advert");
                double toLowered = (lowered.micros() - failUs) / 1000.0;
                double toFirst = (first.micros() - failUs) / 1000.0;
                System.out.printf("[health/keepalived vrrp_script -60] fail -> keepalived advertises 90: %.1f ms;"
                        + " -> our first advert: %.1f ms (lowered advert -> ours %.1f ms, Skew_Time %.1f ms)%n",
                        toLowered, toFirst, toFirst - toLowered, skewMs(100));
                assertTrue(toFirst - toLowered <= skewMs(100) + 20, "fast takeover after Skew_Time");
            }
        }
    }

    /** A veth pair inside r1 (the kernel has no dummy module), both ends up so {@code ifname} is running. */
    static void addVethUp(Routers p, String ifname) throws java.io.IOException {
        p.lab.exec("r1", "ip", "link", "add", ifname, "type", "veth", "peer", "name", ifname + "p");
        p.lab.exec("r1", "ip", "link", "set", ifname + "p", "up");
        p.lab.exec("r1", "ip", "link", "set", ifname, "up");
    }

    @Test
    void trackedInterfaces_shouldLowerThePriority_orFaultWithWeightZero_fromLinkEvents() throws Exception {
        try (Routers p = HealthStatus.routers()) {
            for (String ifname : List.of("dum1", "dum2")) {
                addVethUp(p, ifname);
            }
            String track = "    track_interfaces:\n      - {name: dum1, weight: -60}\n"
                    + "      - {name: dum2, weight: 0}\n";
            try (VrrpdNode r1 = p.vrrpd(1, 150, track); VrrpdNode r2 = p.vrrpd(2, 100, null)) {
                awaitState(r1, "MASTER", SETTLE);
                awaitState(r2, "BACKUP", SETTLE);
                assertEquals(150, effective(r1));
                assertEquals(0, contribution(r1, "track:dum1").path("delta").asInt());

                p.lab.exec("r1", "ip", "link", "set", "dum1", "down");
                awaitState(r2, "MASTER", SETTLE);
                assertEquals(90, effective(r1));
                assertEquals(-60, contribution(r1, "track:dum1").path("delta").asInt());
                p.lab.exec("r1", "ip", "link", "set", "dum1", "up");
                awaitState(r1, "MASTER", SETTLE);
                p.awaitVipOnlyOn(1, SETTLE);

                p.lab.exec("r1", "ip", "link", "set", "dum2", "down");
                awaitState(r1, "FAULT", SETTLE);
                awaitState(r2, "MASTER", SETTLE);
                assertTrue(HealthStatus.priority(r1).path("faults").toString().contains("tracked interface dum2 is down"));
                p.lab.exec("r1", "ip", "link", "del", "dum2"); // removed counts as down
                addVethUp(p, "dum2");
                awaitState(r1, "MASTER", SETTLE);
                p.awaitVipOnlyOn(1, SETTLE);
            }
        }
    }
}
