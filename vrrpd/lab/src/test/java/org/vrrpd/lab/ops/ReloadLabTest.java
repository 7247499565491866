package org.vrrpd.lab.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.LabProcess;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/** Live reload on a running Master: untouched instances keep their VIP and advert rhythm; bad files are refused. */
@Tag("lab")
class ReloadLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);
    static final int INTERVAL_MS = 200;

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    @Test
    void reloadChangingOneInstance_shouldNeverRemoveTheOtherVip_norStretchItsAdvertGaps() throws Exception {
        String stay = Ops.instance("stay", 42, 200, INTERVAL_MS, 100, null);
        String change = Ops.instance("change", 43, 200, INTERVAL_MS, 101, null);
        try (Routers o = Routers.of(Variant.V3_IPV4).build();
             VrrpdNode r1 = VrrpdNode.start(o.lab, "r1", stay + change);
             VrrpdNode r2 = VrrpdNode.start(o.lab, "r2", Ops.instance("stay", 42, 100, INTERVAL_MS, 100, null)
                     + Ops.instance("change", 43, 100, INTERVAL_MS, 101, null))) {
            Poll.until("r1 Master of both", SETTLE, () -> r1.state("stay").equals("MASTER")
                    && r1.state("change").equals("MASTER") && r2.state("stay").equals("BACKUP"));
            Poll.until("VIP .100 on r1", SETTLE, () -> o.hasAddress(1, "192.0.2.100"));
            LabProcess monitor = o.lab.spawn("r1", "addr-monitor", List.of("ip", "-ts", "monitor", "address"));
            // prove the monitor is subscribed before the reload: a throwaway address on lo must show up in it
            Poll.until("ip monitor subscribed", Duration.ofSeconds(10), () -> {
                o.lab.exec("r1", "sh", "-c", "ip addr del 198.51.100.254/32 dev lo 2>/dev/null;"
                        + " ip addr add 198.51.100.254/32 dev lo"); // a fresh event on every poll
                return monitor.logText().contains("198.51.100.254");
            });
            o.lab.exec("r1", "ip", "addr", "del", "198.51.100.254/32", "dev", "lo");
            long reloadStartMicros = System.currentTimeMillis() * 1000;
            r1.rewrite(stay + Ops.instance("change", 43, 180, INTERVAL_MS, 101, null));
            Ops.CtlResult reload = Ops.vrrpctl(r1, "reload");
            assertEquals(0, reload.exit(), reload.err());
            assertTrue(reload.out().contains("1 unchanged, 1 changed"), reload.out());
            // watch for a few intervals after the reload as well
            Poll.until("r1 Master of 'change' again", SETTLE, () -> r1.state("change").equals("MASTER"));
            Thread.sleep(10L * INTERVAL_MS); // the observation window after the reload, not a wait for a condition
            monitor.stop(Duration.ofSeconds(2));
            String events = Files.readString(monitor.log());
            assertFalse(events.lines().anyMatch(l -> l.contains("Deleted") && l.contains("192.0.2.100/")),
                    "the unchanged instance's VIP was removed during the reload:\n" + events);
            assertEquals("MASTER", r1.state("stay"));
            assertTrue(o.hasAddress(1, "192.0.2.100"));
            List<Pcap.Frame> ads = o.adverts(1, 42);
            long window = reloadStartMicros - 1_000_000; // from one second before the reload to now
            double maxGapMs = 0;
            for (int i = 1; i < ads.size(); i++) {
                if (ads.get(i).micros() >= window) {
                    maxGapMs = Math.max(maxGapMs, (ads.get(i).micros() - ads.get(i - 1).micros()) / 1000.0);
                }
            }
            System.out.printf("reload: unchanged instance's largest advert gap around the reload %.1f ms"
                    + " (interval %d ms)%n", maxGapMs, INTERVAL_MS);
            assertTrue(maxGapMs > 0, "no adverts captured around the reload");
            assertTrue(maxGapMs < 2.0 * INTERVAL_MS, "gap " + maxGapMs + " ms exceeds one extra interval");
            assertTrue(ads.stream().noneMatch(f -> f.vrrpPriority() == 0), "the unchanged instance sent priority 0");
        }
    }

    @Test
    void brokenReload_shouldKeepTheOldConfig_showTheError_andExit4WithFileAndLine() throws Exception {
        String good = Ops.instance("vi", 42, 200, INTERVAL_MS, 100, null);
        try (Routers o = Routers.of(Variant.V3_IPV4).build(); VrrpdNode r1 = VrrpdNode.start(o.lab, "r1", good)) {
            Poll.until("r1 Master", SETTLE, () -> r1.state("vi").equals("MASTER"));
            r1.rewrite(good.replace("priority: 200", "priority: high"));
            Ops.CtlResult reload = Ops.vrrpctl(r1, "reload");
            System.out.println("broken reload: exit " + reload.exit() + ", " + reload.err().strip());
            assertEquals(4, reload.exit());
            assertTrue(reload.err().matches("(?s).*r1-vrrpd\\.yaml:\\d+:\\d+: .*priority.*"), reload.err());
            Ops.CtlResult status = Ops.vrrpctl(r1, "status", "--json");
            JsonNode st = new ObjectMapper().readTree(status.out());
            assertTrue(st.path("configError").asText().contains("r1-vrrpd.yaml:"), status.out());
            Ops.CtlResult text = Ops.vrrpctl(r1, "status");
            assertTrue(text.out().contains("last reload rejected"), text.out());
            assertEquals("MASTER", r1.state("vi"));
            assertEquals(200, r1.instance("vi").path("priority").path("base").asInt());
            assertTrue(r1.process().isAlive());
            assertTrue(o.hasAddress(1, "192.0.2.100"));
            r1.rewrite(good);
            assertEquals(0, Ops.vrrpctl(r1, "reload").exit());
            assertTrue(new ObjectMapper().readTree(Ops.vrrpctl(r1, "status", "--json").out())
                    .path("configError").isNull(), "a good reload clears the error");
        }
    }
}
