package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.daemon.track.Tracked;
import org.vrrpd.fsm.VrrpState;

/** The driver as the one place the tracker's output reaches the state machine. */
class TrackingDriverTest {

    private final DriverRig rig = new DriverRig();

    private void settle() {
        rig.clock.advance(Duration.ofSeconds(2));
    }

    /** A started router, settled (Master when alone). */
    private DriverRig.Router started(int priority) throws Exception {
        DriverRig.Router r = rig.add(1, priority);
        r.driver.start();
        settle();
        return r;
    }

    private static long faults(DriverRig.Router r) {
        return r.transitions.stream().filter(t -> t.endsWith("->FAULT")).count();
    }

    @Test
    void faultSources_shouldFormOneFaultSet_enteredOnce_andLeftWhenTheLastClears() throws Exception {
        DriverRig.Router r1 = started(200);
        assertEquals(VrrpState.MASTER, r1.state());
        r1.driver.maintenance(true);
        assertEquals(VrrpState.FAULT, r1.state());
        assertEquals("maintenance mode", r1.driver.faultReason());
        r1.driver.linkChanged(false);
        assertEquals("interface eth0 is down; maintenance mode", r1.driver.faultReason());
        r1.driver.maintenance(false);
        assertEquals(VrrpState.FAULT, r1.state(), "the link is still down");
        assertEquals("interface eth0 is down", r1.driver.faultReason());
        r1.driver.linkChanged(true);
        assertNull(r1.driver.faultReason());
        settle();
        assertEquals(VrrpState.MASTER, r1.state());
        assertEquals(1, faults(r1), r1.transitions.toString());
    }

    @Test
    void checkAndTrackedInterface_shouldMoveThePriority_throughTheSameTracker() throws Exception {
        DriverRig.Router r1 = started(150);
        r1.driver.tracking().reportNow(Tracked.check("smtp", -60, false, "connection refused"));
        r1.driver.tracking().reportNow(Tracked.trackedInterface("eth1", -30, false));
        assertEquals(60, r1.driver.effectivePriority());
        assertEquals(60, r1.driver.tracking().breakdown().effective());
        r1.driver.tracking().reportNow(Tracked.check("smtp", -60, true, "banner 220"));
        assertEquals(120, r1.driver.effectivePriority());
    }

    @Test
    void reportsBeforeStart_shouldDecideHowTheRouterStarts() throws Exception {
        DriverRig.Router r1 = rig.add(1, 150);
        r1.driver.tracking().reportNow(Tracked.check("web", -60, false, "not run yet"));
        r1.driver.tracking().reportNow(Tracked.check("smtp", 0, false, "not run yet"));
        r1.driver.start();
        assertEquals(VrrpState.FAULT, r1.state());
        assertEquals(90, r1.driver.effectivePriority());
        assertEquals("startup while faulted: check 'smtp' is down: not run yet",
                r1.driver.lastTransition().orElseThrow().reason());
    }

    @Test
    void owner_shouldKeep255_butFaultOnAWeightZeroSource() throws Exception {
        DriverRig.Router r1 = started(255);
        r1.driver.tracking().reportNow(Tracked.check("web", -60, false, ""));
        assertEquals(255, r1.driver.effectivePriority());
        assertEquals(VrrpState.MASTER, r1.state());
        r1.driver.tracking().reportNow(Tracked.check("smtp", 0, false, ""));
        assertEquals(VrrpState.FAULT, r1.state());
        r1.driver.tracking().reportNow(Tracked.check("smtp", 0, true, ""));
        assertEquals(VrrpState.MASTER, r1.state(), "fault cleared, address owner");
    }

    @Test
    void sameOutputTwice_shouldChangeNothing() throws Exception {
        DriverRig.Router r1 = started(150);
        List<String> before = List.copyOf(r1.transitions);
        long sent = r1.driver.counters().advertsSent();
        r1.driver.tracking().applyNow();
        r1.driver.linkChanged(true);
        r1.driver.maintenance(false);
        assertEquals(before, r1.transitions);
        assertEquals(sent, r1.driver.counters().advertsSent(), "no extra advert");
        assertTrue(r1.driver.faultReason() == null);
    }
}
