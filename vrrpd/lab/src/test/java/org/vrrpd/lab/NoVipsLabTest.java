package org.vrrpd.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * A vrrpd pair without VIPs (a cloud pair whose notify_master script moves the address): the election and the
 * failover move "who ran notify_master", no address is added, no GARP is sent, no kernel filter is made.
 */
@Tag("lab")
class NoVipsLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    private static String instance(int n, int priority, Path who) {
        return "  - name: cloud\n    interface: eth0\n    vrid: 42\n    version: 3\n    priority: " + priority + "\n"
                + "    advert_interval: 100ms\n"
                + "    notify_master: [/bin/sh, -c, 'echo r" + n + " > " + who + "']\n";
    }

    private static String ipv4(Routers p, String host) throws Exception {
        return p.lab.addresses(host, "eth0").lines().filter(l -> l.contains(" inet ")).toList().toString();
    }

    private static String read(Path p) throws Exception {
        return Files.exists(p) ? Files.readString(p).strip() : "";
    }

    @Test
    void pairWithoutVips_shouldMoveWhoRanNotifyMaster_withoutAddressesGarpsOrFilter() throws Exception {
        try (Routers p = Routers.of(Variant.V3_IPV4).build()) {
            // the script user (nobody) must reach its file through the lab's private work dir
            Files.setPosixFilePermissions(p.lab.workDir(), PosixFilePermissions.fromString("rwx--x--x"));
            Path dir = p.lab.workDir().resolve("cloud");
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path who = dir.resolve("who-is-master");
            String global = "  script_user: nobody\n";
            String before1 = ipv4(p, "r1");
            String before2 = ipv4(p, "r2");
            try (VrrpdNode r1 = VrrpdNode.start(p.lab, "r1", global, instance(1, 200, who));
                 VrrpdNode r2 = VrrpdNode.start(p.lab, "r2", global, instance(2, 100, who))) {
                Poll.until("r1 Master, r2 Backup", SETTLE, () -> "MASTER".equals(r1.state("cloud"))
                        && "BACKUP".equals(r2.state("cloud")));
                Poll.until("r1 ran notify_master", SETTLE, () -> read(who).equals("r1"));
                assertEquals(0, r2.instance("cloud").path("counters").path("drops").size(),
                        "r2 dropped r1's Count-0 adverts: " + r2.instance("cloud").path("counters"));
                assertTrue(r2.instance("cloud").path("counters").path("advertsReceived").asLong() > 0);
                long adverts = p.advertsFrom(1).stream().filter(f -> f.vrrpPriority() == 200).count();
                assertTrue(adverts > 0, "no advert from r1 captured");

                r1.process().signal("KILL");
                r1.process().waitForExit(Duration.ofSeconds(10));
                Poll.until("r2 Master", SETTLE, () -> "MASTER".equals(r2.state("cloud")));
                Poll.until("r2 ran notify_master", SETTLE, () -> read(who).equals("r2"));
                System.out.println("no VIPs: notify_master moved from r1 to r2 after r1 was killed");

                assertEquals(before1, ipv4(p, "r1"), "r1's addresses changed");
                assertEquals(before2, ipv4(p, "r2"), "r2's addresses changed");
                assertFalse(p.lab.exec("r2", "nft", "list", "tables").contains("vrrpd"),
                        "a kernel filter table was made for an instance without VIPs");
                assertTrue(p.capture.frames().stream().noneMatch(Pcap.Frame::isArp), "an ARP frame was sent");
            }
        }
    }
}
