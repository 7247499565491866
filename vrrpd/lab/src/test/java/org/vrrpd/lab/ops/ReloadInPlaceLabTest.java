package org.vrrpd.lab.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.LabProcess;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.PingStats;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * Reloads on a running Master that change its settings in place: a VIP added, one removed, the priority lowered
 * within the same side of the peer's, the advert interval doubled, the checks swapped. None changes a state on
 * either router or puts a priority-0 advert on the wire, the adverts carry the new values, and a client pinging
 * the VIP every 10 ms loses nothing. A VRID change replaces that one router and leaves the other instance alone.
 */
@Tag("lab")
class ReloadInPlaceLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);
    static final String EXTRA_VIP = "192.0.2.101";
    static final String WEB = "192.0.2.1";
    static final String IN_PLACE = "0 unchanged, 1 changed (0 replaced)";

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    /** r1's instance: accept_mode so the client's pings to the VIP are answered. */
    private static String r1(Routers o, int priority, int intervalMs, boolean extraVip, String checks) {
        String yaml = o.v.vrrpdInstance(Routers.NAME, o.vrid(), priority, intervalMs, 1, new int[] {2},
                "    accept_mode: true\n" + checks);
        return extraVip ? yaml.replace(o.v.vipCidr() + "]", o.v.vipCidr() + ", " + EXTRA_VIP + "/24]") : yaml;
    }

    static final String SCRIPT_CHECK = "    checks:\n"
            + "      - {type: script, name: alive, command: [\"true\"], allow_root: true, interval: 1s, timeout: 1s,"
            + " rise: 1, fall: 1, weight: -60}\n";
    static final String TCP_CHECK = "    checks:\n"
            + "      - {type: tcp, name: web, host: " + WEB + ", port: 8080, interval: 1s, timeout: 1s,"
            + " rise: 1, fall: 1, weight: -60}\n";

    /** What says that a router changed state: its transition count and the start of its current state. */
    private static String stateMark(VrrpdNode node, String instance) {
        JsonNode i = node.instance(instance);
        return i.path("state").asText() + " since " + i.path("since").asText() + ", "
                + i.path("counters").path("transitions").asLong() + " transition(s)";
    }

    /** VRRPv3 Max Adver Int of an advert, in centiseconds. */
    private static int advertIntervalCs(Pcap.Frame f) {
        byte[] p = f.ipPayload();
        return ((p[4] & 0x0f) << 8) | (p[5] & 0xff);
    }

    /** Reloads r1 with {@code yaml}; the summary must contain {@code expected} (e.g. "1 changed (0 replaced)"). */
    private static void reload(VrrpdNode r1, String yaml, String step, String expected) throws IOException {
        r1.rewrite(yaml);
        Ops.CtlResult reload = Ops.vrrpctl(r1, "reload");
        System.out.println("reload " + step + ": " + reload.out().strip());
        assertEquals(0, reload.exit(), step + ": " + reload.err());
        assertTrue(reload.out().contains(expected), step + ": " + reload.out());
    }

    private static boolean checkUp(VrrpdNode node, String name) throws Exception {
        for (JsonNode c : node.call("checks", null).path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return c.path("up").asBoolean(false);
            }
        }
        return false;
    }

    private static boolean clientReaches(Routers o, String address) {
        try {
            o.lab.exec("client", "ping", "-n", "-c", "1", "-W", "1", address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void reloadsOnTheMaster_shouldApplyInPlace_withNoStateChange_noPriorityZero_andNoLostPing() throws Exception {
        try (Routers o = Routers.of(Variant.V3_IPV4).intervalMs(100).withClient().build();
             VrrpdNode r1 = VrrpdNode.start(o.lab, "r1", r1(o, 200, 100, false, SCRIPT_CHECK));
             VrrpdNode r2 = o.vrrpd(2, 100, null)) {
            LabProcess web = o.lab.spawn("r1", "web", List.of("python3", "-m", "http.server", "8080", "--bind", WEB));
            Routers.awaitState(r1, "MASTER", SETTLE);
            Routers.awaitState(r2, "BACKUP", SETTLE);
            Poll.until("check 'alive' up", SETTLE, () -> checkUp(r1, "alive"));
            Poll.until("client reaches the VIP", SETTLE, () -> clientReaches(o, o.v.vip()));
            Poll.until("web server listening", SETTLE, () -> {
                try {
                    o.lab.exec("r1", "python3", "-c", "import socket; socket.create_connection(('" + WEB
                            + "', 8080), 1)");
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            String r1Mark = stateMark(r1, Routers.NAME);
            String r2Mark = stateMark(r2, Routers.NAME);
            long from = Routers.now();
            LabProcess ping = o.lab.spawn("client", "ping-vip", List.of("ping", "-n", "-D", "-i", "0.01", "-W", "1",
                    o.v.vip()));
            Poll.until("client pings answered", SETTLE, () -> ping.logText().contains("bytes from"));

            // (a) a VIP added: on r1, announced, answering the client
            reload(r1, r1(o, 200, 100, true, SCRIPT_CHECK), "(a) add " + EXTRA_VIP, IN_PLACE);
            Poll.until(EXTRA_VIP + " on r1", SETTLE, () -> o.hasAddress(1, EXTRA_VIP));
            Poll.until("client reaches " + EXTRA_VIP, SETTLE, () -> clientReaches(o, EXTRA_VIP));
            assertEquals(r1Mark, stateMark(r1, Routers.NAME), "(a) r1 changed state");

            // (b) that VIP removed again
            reload(r1, r1(o, 200, 100, false, SCRIPT_CHECK), "(b) remove " + EXTRA_VIP, IN_PLACE);
            Poll.until(EXTRA_VIP + " gone from r1", SETTLE, () -> !o.hasAddress(1, EXTRA_VIP));
            assertFalse(o.hasAddress(2, EXTRA_VIP));
            assertEquals(r1Mark, stateMark(r1, Routers.NAME), "(b) r1 changed state");

            // (c) priority 200 -> 150, still above the peer's 100: the next adverts carry 150
            long atC = Routers.now();
            reload(r1, r1(o, 150, 100, false, SCRIPT_CHECK), "(c) priority 150", IN_PLACE);
            Poll.until("r1 advertises priority 150", SETTLE, () -> o.advertsFrom(1).stream()
                    .anyMatch(f -> f.micros() >= atC && f.vrrpPriority() == 150));
            assertEquals(r1Mark, stateMark(r1, Routers.NAME), "(c) r1 changed state");

            // (d) advert interval 100 ms -> 200 ms: the adverts say 20 cs and come every 200 ms
            long atD = Routers.now();
            reload(r1, r1(o, 150, 200, false, SCRIPT_CHECK), "(d) advert_interval 200ms", IN_PLACE);
            Poll.until("r1 advertises 20 cs, ten times", SETTLE, () -> o.advertsFrom(1).stream()
                    .filter(f -> f.micros() >= atD && advertIntervalCs(f) == 20).count() >= 10);
            List<Pcap.Frame> slow = o.advertsFrom(1).stream().filter(f -> f.micros() >= atD
                    && advertIntervalCs(f) == 20).toList();
            List<Double> gaps = new ArrayList<>();
            for (int i = 1; i < slow.size(); i++) {
                gaps.add((slow.get(i).micros() - slow.get(i - 1).micros()) / 1000.0);
            }
            double meanGap = gaps.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            System.out.printf("reload (d): %d adverts at 20 cs, mean gap %.1f ms%n", slow.size(), meanGap);
            assertTrue(meanGap > 150 && meanGap < 250, "mean advert gap " + meanGap + " ms after the reload");
            assertTrue(slow.stream().allMatch(f -> f.vrrpPriority() == 150));
            assertEquals(r1Mark, stateMark(r1, Routers.NAME), "(d) r1 changed state");

            // (e) the script check swapped for a tcp check of a service that is up
            reload(r1, r1(o, 150, 200, false, TCP_CHECK), "(e) checks swapped",
                    "1 unchanged, 0 changed"); // checks only: the router is not touched at all
            Poll.until("check 'web' up", SETTLE, () -> checkUp(r1, "web"));
            assertFalse(r1.call("checks", null).toString().contains("\"alive\""), "the old check still runs");
            assertEquals(150, r1.instance(Routers.NAME).path("priority").path("effective").asInt());

            ping.signal("INT");
            ping.waitForExit(Duration.ofSeconds(10));
            web.stop(Duration.ofSeconds(2));
            String pings = ping.logText();
            PingStats stats = PingStats.of(pings);
            // the request in flight when ping was interrupted is not a loss
            boolean onlyTheLastInFlight = stats.lost() == 1 && !pings.contains("icmp_seq=" + stats.sent() + " ");
            List<Double> stamps = pings.lines().filter(l -> l.startsWith("[") && l.contains("bytes from"))
                    .map(l -> Double.parseDouble(l.substring(1, l.indexOf(']')))).toList();
            double spanS = stamps.isEmpty() ? 0 : stamps.get(stamps.size() - 1) - stamps.get(0);
            System.out.printf("reload in place: client sent %d pings (every 10 ms asked, %.1f s of replies) to the VIP"
                    + " across 5 reloads, lost %d%n", stats.sent(), spanS, stats.lost());
            assertTrue(stats.sent() > 100, "too few pings: " + stats);
            assertTrue(stats.lost() == 0 || onlyTheLastInFlight, "pings lost across the reloads: " + stats);
            assertEquals(r1Mark, stateMark(r1, Routers.NAME), "r1 changed state");
            assertEquals(r2Mark, stateMark(r2, Routers.NAME), "r2 changed state");
            List<Pcap.Frame> zero = o.capture.frames().stream().filter(Pcap.Frame::isVrrp)
                    .filter(f -> f.micros() >= from && f.vrrpPriority() == 0).toList();
            assertTrue(zero.isEmpty(), zero.size() + " priority-0 advert(s) on the wire during the reloads");
            assertTrue(o.advertsFrom(2).stream().noneMatch(f -> f.micros() >= from), "r2 advertised (took over)");
        }
    }

    @Test
    void vridChange_shouldReplaceOnlyThatRouter_andLeaveTheOtherInstancesAdvertsUnbroken() throws Exception {
        int interval = 100;
        String a = Ops.instance("a", 42, 200, interval, 100, null);
        try (Routers o = Routers.of(Variant.V3_IPV4).build();
             VrrpdNode r1 = VrrpdNode.start(o.lab, "r1", a + Ops.instance("b", 43, 200, interval, 101, null));
             VrrpdNode r2 = VrrpdNode.start(o.lab, "r2", Ops.instance("a", 42, 100, interval, 100, null)
                     + Ops.instance("b", 43, 100, interval, 101, null))) {
            Poll.until("r1 Master of both", SETTLE, () -> r1.state("a").equals("MASTER")
                    && r1.state("b").equals("MASTER") && r2.state("a").equals("BACKUP"));
            String aMark = stateMark(r1, "a");
            long at = Routers.now();
            r1.rewrite(a + Ops.instance("b", 44, 200, interval, 101, null));
            JsonNode reply = r1.call("reload", null);
            System.out.println("reload (vrid 43 -> 44): " + reply);
            assertEquals("[\"b\"]", reply.path("replaced").toString());
            assertEquals("[\"b\"]", reply.path("changed").toString());
            assertEquals("[\"a\"]", reply.path("unchanged").toString());
            Poll.until("the replaced router hands VRID 43 over (priority 0)", SETTLE, () -> o.adverts(1, 43).stream()
                    .anyMatch(f -> f.micros() >= at && f.vrrpPriority() == 0));
            Poll.until("r1 advertises VRID 44", SETTLE, () -> o.adverts(1, 44).stream().anyMatch(f -> f.micros() >= at));
            // an observation window: twenty more adverts of 'a' after the reload
            Poll.until("twenty adverts of 'a' after the reload", SETTLE, () -> o.adverts(1, 42).stream()
                    .filter(f -> f.micros() >= at).count() >= 20);
            List<Pcap.Frame> ads = o.adverts(1, 42);
            double maxGapMs = 0;
            for (int i = 1; i < ads.size(); i++) {
                if (ads.get(i).micros() >= at - 1_000_000) {
                    maxGapMs = Math.max(maxGapMs, (ads.get(i).micros() - ads.get(i - 1).micros()) / 1000.0);
                }
            }
            System.out.printf("reload (vrid change): the other instance's largest advert gap %.1f ms (interval %d ms)%n",
                    maxGapMs, interval);
            assertTrue(maxGapMs > 0 && maxGapMs < 2.0 * interval, "gap " + maxGapMs + " ms");
            assertTrue(ads.stream().noneMatch(f -> f.vrrpPriority() == 0), "instance 'a' sent priority 0");
            assertEquals(aMark, stateMark(r1, "a"), "instance 'a' changed state");
            assertTrue(o.hasAddress(1, "192.0.2.100"));
        }
    }
}
