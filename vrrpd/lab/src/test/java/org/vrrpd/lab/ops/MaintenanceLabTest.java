package org.vrrpd.lab.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

/** {@code vrrpctl maintenance on} on the Master: a priority-0 handover timed from the capture, kept across reloads. */
@Tag("lab")
class MaintenanceLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);
    static final int INTERVAL_MS = 100;

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    @Test
    void maintenanceOn_shouldMoveTheVipWithinSkewTimePlus20ms_andSurviveAReload() throws Exception {
        String r1Yaml = Ops.instance("vi", 42, 200, INTERVAL_MS, 100, null);
        try (Routers o = Routers.of(Variant.V3_IPV4).build();
             VrrpdNode r1 = VrrpdNode.start(o.lab, "r1", r1Yaml);
             VrrpdNode r2 = VrrpdNode.start(o.lab, "r2", Ops.instance("vi", 42, 100, INTERVAL_MS, 100, null))) {
            Poll.until("r1 Master, r2 Backup", SETTLE, () -> r1.state("vi").equals("MASTER")
                    && r2.state("vi").equals("BACKUP"));
            Ops.CtlResult on = Ops.vrrpctl(r1, "maintenance", "on", "vi");
            assertEquals(0, on.exit(), on.err());
            Poll.until("VIP only on r2", SETTLE, () -> o.hasAddress(2, "192.0.2.100") && !o.hasAddress(1, "192.0.2.100"));
            Pcap.Frame zero = Poll.untilValue(() -> o.adverts(1, 42).stream().filter(f -> f.vrrpPriority() == 0)
                    .findFirst().orElse(null), "priority-0 advert from r1");
            Pcap.Frame first = Poll.untilValue(() -> o.adverts(2, 42).stream()
                    .filter(f -> f.micros() >= zero.micros()).findFirst().orElse(null), "first advert from r2");
            double ms = (first.micros() - zero.micros()) / 1000.0;
            double skew = (256 - 100) * INTERVAL_MS / 256.0;
            System.out.printf("maintenance: priority 0 -> backup's first advert %.1f ms (Skew_Time %.1f ms)%n", ms,
                    skew);
            assertTrue(ms <= skew + 20, "took " + ms + " ms, Skew_Time is " + skew + " ms");
            assertTrue(r1.instance("vi").path("maintenance").asBoolean());

            // a reload (with a change to another setting of r1) keeps maintenance on
            r1.rewrite(r1Yaml + Ops.instance("other", 43, 100, INTERVAL_MS, 101, null));
            Ops.CtlResult reload = Ops.vrrpctl(r1, "reload");
            assertEquals(0, reload.exit(), reload.err());
            Poll.until("'other' running", SETTLE, () -> !r1.state("other").equals("UNKNOWN"));
            assertTrue(r1.instance("vi").path("maintenance").asBoolean(), "maintenance survives the reload");
            assertTrue(!r1.state("vi").equals("MASTER"));
            assertTrue(o.hasAddress(2, "192.0.2.100") && !o.hasAddress(1, "192.0.2.100"));

            Ops.CtlResult off = Ops.vrrpctl(r1, "maintenance", "off", "vi");
            assertEquals(0, off.exit(), off.err());
            Poll.until("r1 preempts back", SETTLE, () -> r1.state("vi").equals("MASTER") && o.hasAddress(1, "192.0.2.100")
                    && !o.hasAddress(2, "192.0.2.100"));
        }
    }
}
