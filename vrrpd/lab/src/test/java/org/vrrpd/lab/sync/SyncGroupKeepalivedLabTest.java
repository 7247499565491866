package org.vrrpd.lab.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Cmd;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.LabProcess;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * The same dual-stack group with keepalived 2.2.7 as the peer, running its own {@code vrrp_sync_group}: a check
 * failing on one member of vrrpd's group moves both VIPs to keepalived, and back; the two VIPs are never held
 * by different nodes for longer than Skew_Time + 20 ms (sampled every 10 ms).
 */
@Tag("lab")
class SyncGroupKeepalivedLabTest {

    @BeforeAll
    static void needsLab() {
        boolean keepalived;
        try {
            Cmd.run(Duration.ofSeconds(5), "keepalived", "--version");
            keepalived = true;
        } catch (Exception e) {
            keepalived = false;
        }
        assumeTrue(Lab.available() && keepalived, "needs root, iproute2 and keepalived");
    }

    /** keepalived's config for router 2: both instances at priority 100 in one vrrp_sync_group. */
    static String keepalivedConf() {
        return "global_defs {\n  router_id r2\n  vrrp_version 3\n  vrrp_garp_master_delay 1\n"
                + "  vrrp_garp_master_repeat 1\n}\n"
                + instance("mail", 51, List.of(SyncGroupLabTest.V4.vipCidr()))
                + instance("mail6", 52, List.of("fe80::34/64", SyncGroupLabTest.V6.vipCidr()))
                + "vrrp_sync_group mail {\n  group {\n    mail\n    mail6\n  }\n}\n";
    }

    static String instance(String name, int vrid, List<String> vips) {
        StringBuilder b = new StringBuilder("vrrp_instance " + name + " {\n  state BACKUP\n  interface eth0\n"
                + "  virtual_router_id " + vrid + "\n  version 3\n  priority " + SyncGroupLabTest.LOW + "\n"
                + "  advert_int 0.1\n  virtual_ipaddress {\n");
        vips.forEach(v -> b.append("    ").append(v).append(" dev eth0\n"));
        return b.append("  }\n}\n").toString();
    }

    @Test
    void aCheckFailingOnOneVrrpdMember_movesBothVipsToKeepalivedsGroup_andBack() throws Exception {
        try (Routers p = Routers.of(SyncGroupLabTest.V6).withoutCapture().build()) {
            Path flag = p.lab.file("smtp-down");
            Path conf = p.lab.writeFile("r2-keepalived.conf", keepalivedConf());
            LabProcess keepalived = p.lab.spawn("r2", "r2-keepalived", List.of("keepalived", "--dont-fork",
                    "--log-console", "--log-detail", "--vrrp", "--use-file=" + conf,
                    "--pid=" + p.lab.file("r2-keepalived.pid"), "--vrrp_pid=" + p.lab.file("r2-keepalived-vrrp.pid")));
            try (VrrpdNode r1 = VrrpdNode.start(p.lab, "r1",
                    SyncGroupLabTest.config(1, SyncGroupLabTest.HIGH, SyncGroupLabTest.flagCheck(flag)))) {
                Poll.until("both VIPs only on r1", Duration.ofSeconds(20), () -> SyncGroupLabTest.bothOnlyOn(p, 1));
                InetAddress vip4 = InetAddress.getByName(SyncGroupLabTest.V4.vip());
                InetAddress vip6 = InetAddress.getByName(SyncGroupLabTest.V6.vip());
                double bound = SyncGroupLabTest.V4.skewMs(SyncGroupLabTest.LOW) + 20;

                VipSampler sampler = new VipSampler(p.lab, vip4, vip6);
                List<VipSampler.Sample> away;
                try {
                    Files.writeString(flag, "down\n");
                    Poll.until("both VIPs only on r2 (keepalived)", Duration.ofSeconds(10),
                            () -> SyncGroupLabTest.bothOnlyOn(p, 2));
                    SyncGroupLabTest.keepSampling(sampler);
                    away = sampler.stop();
                } finally {
                    sampler.close();
                }
                assertEquals("FAULT", SyncGroupLabTest.group(r1).path("state").asText());
                report("keepalived peer: check down on vrrpd's IPv4 member", away, bound, keepalived, r1);

                sampler = new VipSampler(p.lab, vip4, vip6);
                List<VipSampler.Sample> back;
                try {
                    Files.delete(flag);
                    Poll.until("both VIPs back on r1 (vrrpd)", Duration.ofSeconds(10),
                            () -> SyncGroupLabTest.bothOnlyOn(p, 1));
                    SyncGroupLabTest.keepSampling(sampler);
                    back = sampler.stop();
                } finally {
                    sampler.close();
                }
                report("keepalived peer: check up again, vrrpd preempts", back, bound, keepalived, r1);
            } finally {
                keepalived.stop(Duration.ofSeconds(5));
            }
        }
    }

    static void report(String phase, List<VipSampler.Sample> samples, double bound, LabProcess keepalived,
                       VrrpdNode r1) {
        try {
            SyncGroupLabTest.report(phase, samples, bound, r1);
        } catch (AssertionError e) {
            System.out.println("---- keepalived log");
            keepalived.logText().lines().filter(l -> l.contains("STATE") || l.contains("Group"))
                    .forEach(System.out::println);
            throw e;
        }
    }
}
