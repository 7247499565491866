package org.vrrpd.lab.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * Two vrrpd nodes, each with an IPv4 and an IPv6 instance in one sync group (the dual-stack mail pair): a check
 * failing on ONE member of the Master's group moves BOTH VIPs to the other node, and back when it recovers. The
 * VIP holders are sampled every 10 ms; the IPv4 and IPv6 VIPs are never held by different nodes for longer than
 * one Skew_Time + 20 ms.
 */
@Tag("lab")
class SyncGroupLabTest {

    static final Variant V4 = Variant.V3_IPV4;
    static final Variant V6 = Variant.V3_IPV6;
    static final int HIGH = 150;
    static final int LOW = 100;

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    /** Router {@code n}'s two instances in the group "mail"; {@code v4Extra} is added to the IPv4 one. */
    static String config(int n, int priority, String v4Extra) {
        return config(n, priority, v4Extra, true);
    }

    static String config(int n, int priority, String v4Extra, boolean grouped) {
        int[] peers = {Routers.other(n)};
        return V4.vrrpdInstance("mail", 51, priority, n, peers, v4Extra)
                + V6.vrrpdInstance("mail6", 52, priority, n, peers, null)
                + (grouped ? "sync_groups:\n  - name: mail\n    members: [mail, mail6]\n" : "");
    }

    static String flagCheck(Path flag) {
        return "    checks:\n"
                + "      - {type: script, name: smtp, command: [/usr/bin/test, '!', -e, " + flag + "],"
                + " allow_root: true, interval: 100ms, timeout: 1s, fall: 1, rise: 1}\n";
    }

    static JsonNode group(VrrpdNode node) {
        return node.status().path("syncGroups").path(0);
    }

    @Test
    void aCheckFailingOnOneMember_movesBothVips_andTheyAreNeverSplitLongerThanSkewTime() throws Exception {
        try (Routers p = Routers.of(V6).withoutCapture().build()) {
            Path flag = p.lab.file("smtp-down");
            String check = flagCheck(flag);
            Path fifo = p.lab.file("r1-notify.fifo");
            p.lab.run("mkfifo", fifo.toString());
            StringBuffer fifoText = new StringBuffer();
            RandomAccessFile reader = new RandomAccessFile(fifo.toFile(), "rw"); // O_RDWR: no wait for a writer
            Thread drain = new Thread(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = reader.read(buf)) > 0;) {
                        fifoText.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }, "fifo-reader");
            drain.setDaemon(true);
            drain.start();
            InetAddress vip4 = InetAddress.getByName(V4.vip());
            InetAddress vip6 = InetAddress.getByName(V6.vip());
            try (reader; VrrpdNode r1 = VrrpdNode.start(p.lab, "r1", "  notify_fifo: " + fifo + "\n",
                    config(1, HIGH, check));
                 VrrpdNode r2 = VrrpdNode.start(p.lab, "r2", config(2, LOW, null))) {
                Poll.until("both VIPs only on r1", Duration.ofSeconds(15), () -> bothOnlyOn(p, 1));
                Poll.until("group MASTER on r1", Duration.ofSeconds(5),
                        () -> "MASTER".equals(group(r1).path("state").asText()));
                assertEquals("BACKUP", group(r2).path("state").asText(), r2.status().toString());

                double bound = V4.skewMs(LOW) + 20;
                VipSampler sampler = new VipSampler(p.lab, vip4, vip6);
                List<VipSampler.Sample> away;
                try {
                    Files.writeString(flag, "down\n");
                    Poll.until("both VIPs only on r2", Duration.ofSeconds(10), () -> bothOnlyOn(p, 2));
                    Poll.until("group MASTER on r2", Duration.ofSeconds(5),
                            () -> "MASTER".equals(group(r2).path("state").asText()));
                    keepSampling(sampler);
                    away = sampler.stop();
                } finally {
                    sampler.close();
                }
                JsonNode g1 = group(r1);
                assertEquals("FAULT", g1.path("state").asText(), g1.toString());
                assertTrue(g1.path("reason").asText().startsWith("mail MASTER -> FAULT (check 'smtp' is down"),
                        g1.toString());
                assertEquals("FAULT", r1.state("mail6"), "the healthy member follows its group");
                assertTrue(r1.instance("mail6").path("priority").path("faults").toString()
                        .contains("sync group member mail is in Fault"), r1.instance("mail6").toString());
                report("check down on r1's IPv4 member", away, bound, r1, r2);
                Poll.until("GROUP FAULT line in r1's notify FIFO", Duration.ofSeconds(5),
                        () -> fifoText.toString().contains("GROUP \"mail\" FAULT 0\n"));
                List<String> groupLines = fifoText.toString().lines().filter(l -> l.startsWith("GROUP")).toList();
                // FAULT first: a weight-0 check starts down until its first run (docs/CHECKS.md, "Initial state")
                assertEquals(List.of("GROUP \"mail\" FAULT 0", "GROUP \"mail\" BACKUP 0", "GROUP \"mail\" MASTER 0",
                        "GROUP \"mail\" FAULT 0"), groupLines, fifoText.toString());

                sampler = new VipSampler(p.lab, vip4, vip6);
                List<VipSampler.Sample> back;
                try {
                    Files.delete(flag);
                    Poll.until("both VIPs back on r1", Duration.ofSeconds(10), () -> bothOnlyOn(p, 1));
                    keepSampling(sampler);
                    back = sampler.stop();
                } finally {
                    sampler.close();
                }
                report("check up again, r1 preempts", back, bound, r1, r2);
                assertEquals("MASTER", group(r1).path("state").asText());
            }
        }
    }

    @Test
    void reload_removingTheGroupLetsTheMembersMoveAlone_andAddingItBackJoinsThemAgain() throws Exception {
        try (Routers p = Routers.of(V6).withoutCapture().build()) {
            Path flag = p.lab.file("smtp-down");
            try (VrrpdNode r1 = VrrpdNode.start(p.lab, "r1", config(1, HIGH, flagCheck(flag)));
                 VrrpdNode r2 = VrrpdNode.start(p.lab, "r2", config(2, LOW, null))) {
                Poll.until("both VIPs only on r1", Duration.ofSeconds(15), () -> bothOnlyOn(p, 1));

                r1.rewrite(config(1, HIGH, flagCheck(flag), false));
                r2.rewrite(config(2, LOW, null, false));
                r1.call("reload", null);
                r2.call("reload", null);
                assertTrue(r1.status().path("syncGroups").isMissingNode(), r1.status().toString());
                Files.writeString(flag, "down\n");
                Poll.until("the IPv4 VIP only on r2", Duration.ofSeconds(10),
                        () -> p.hasAddress(2, V4.vip()) && !p.hasAddress(1, V4.vip()));
                Poll.until("r2's mail MASTER", Duration.ofSeconds(5), () -> "MASTER".equals(r2.state("mail")));
                assertEquals("MASTER", r1.state("mail6"), "without the group the IPv6 instance stays");
                assertTrue(p.hasAddress(1, V6.vip()) && !p.hasAddress(2, V6.vip()), "the IPv6 VIP stays on r1");

                r1.rewrite(config(1, HIGH, flagCheck(flag), true));
                r2.rewrite(config(2, LOW, null, true));
                r1.call("reload", null);
                r2.call("reload", null);
                Poll.until("both VIPs only on r2 once the group is back", Duration.ofSeconds(10),
                        () -> bothOnlyOn(p, 2));
                assertEquals("FAULT", r1.state("mail6"), r1.instance("mail6").toString());
                assertEquals("FAULT", group(r1).path("state").asText(), group(r1).toString());
                System.out.println("[sync group] reload: without the group only the IPv4 VIP moved; with it"
                        + " again, the IPv6 VIP followed");
            }
        }
    }

    /** About one more second of samples after the move (a late flap would show as a split). */
    static void keepSampling(VipSampler sampler) {
        int target = sampler.count() + 60;
        Poll.until("60 more samples", Duration.ofSeconds(10), () -> sampler.count() >= target);
    }

    static boolean bothOnlyOn(Routers p, int n) throws Exception {
        int o = Routers.other(n);
        return p.hasAddress(n, V4.vip()) && p.hasAddress(n, V6.vip()) && !p.hasAddress(o, V4.vip())
                && !p.hasAddress(o, V6.vip());
    }

    static void report(String phase, List<VipSampler.Sample> samples, double boundMs, VrrpdNode... nodes) {
        double split = VipSampler.longestSplitMs(samples);
        double gap = VipSampler.longestGapMs(samples);
        long splitSamples = samples.stream().filter(VipSampler.Sample::split).count();
        System.out.printf("[sync group] %s: %d samples (longest gap %.1f ms), %d split, longest split %.1f ms"
                + " (bound Skew_Time + 20 ms = %.1f ms)%n", phase, samples.size(), gap, splitSamples, split, boundMs);
        assertTrue(samples.size() >= 60, phase + ": too few samples to judge: " + samples.size());
        if (split > boundMs) {
            for (VrrpdNode n : nodes) {
                System.out.println("---- " + n.host() + " vrrpd log (transitions and sync groups)");
                n.process().logText().lines().filter(l -> l.contains(" -> ") || l.contains("sync"))
                        .forEach(System.out::println);
            }
        }
        assertTrue(split <= boundMs, phase + ": IPv4 and IPv6 VIPs on different nodes for " + split + " ms > "
                + boundMs + " ms: " + samples);
    }
}
