package org.vrrpd.daemon.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived's tracking rules ({@code vrrp_track.c}), one test each, over every kind of tracked thing. */
class TrackerTest {

    private static PriorityBreakdown fold(int base, Tracked... all) {
        return Tracker.fold(base, List.of(all));
    }

    @Test
    void rebase_shouldKeepEveryInputAndMoveOnlyTheBase_butNeverToOrFromTheOwner() {
        Tracker t = new Tracker(150);
        t.report(Tracked.check("smtp", -60, false, "down"));
        assertEquals(90, t.breakdown().effective());
        t.rebase(180);
        assertEquals(120, t.breakdown().effective(), "the check's weight still counts");
        assertThrows(IllegalArgumentException.class, () -> t.rebase(255));
        assertThrows(IllegalArgumentException.class, () -> new Tracker(255).rebase(200));
    }

    @Test
    void positiveWeight_shouldAdd_onlyWhileUp() {
        assertEquals(120, fold(100, Tracked.check("a", 20, true, "")).effective());
        assertEquals(100, fold(100, Tracked.check("a", 20, false, "")).effective());
    }

    @Test
    void negativeWeight_shouldSubtract_onlyWhileDown() {
        assertEquals(100, fold(100, Tracked.check("a", -30, true, "")).effective());
        PriorityBreakdown b = fold(100, Tracked.check("a", -30, false, "x"));
        assertEquals(70, b.effective());
        assertEquals(-30, b.contributions().get(0).points());
    }

    @Test
    void weightZero_shouldFault_whileDown_andNotChangePriority() {
        PriorityBreakdown down = fold(100, Tracked.check("smtp", 0, false, "banner 421"));
        assertTrue(down.fault());
        assertEquals(List.of("check 'smtp' is down: banner 421"), down.faultReasons());
        assertEquals(100, down.effective());
        assertFalse(fold(100, Tracked.check("smtp", 0, true, "")).fault());
    }

    @Test
    void effective_shouldClampTo1And254() {
        assertEquals(254, fold(250, Tracked.check("a", 50, true, "")).effective());
        assertEquals(1, fold(10, Tracked.check("a", -50, false, ""), Tracked.check("b", -100, false, "")).effective());
    }

    @Test
    void owner255_shouldNeverChange_butStillFault() {
        PriorityBreakdown b = fold(255, Tracked.check("a", -50, false, ""), Tracked.check("b", 0, false, ""),
                Tracked.link("eth0", false));
        assertEquals(255, b.effective());
        assertEquals(0, b.contributions().get(0).points());
        assertEquals(List.of("check 'b' is down", "interface eth0 is down"), b.faultReasons());
    }

    @Test
    void contributions_shouldSum_acrossEveryKind() {
        PriorityBreakdown b = fold(100, Tracked.check("smtp", 10, true, ""), Tracked.check("imap", 10, false, ""),
                Tracked.trackedInterface("eth1", -40, false), Tracked.syncMember("VI_2", 5, true));
        assertEquals(75, b.effective());
        assertEquals(List.of(10, 0, -40, 5), b.contributions().stream().map(PriorityBreakdown.Contribution::points)
                .toList());
        assertEquals(List.of("smtp", "imap", "track:eth1", "sync:VI_2"),
                b.contributions().stream().map(PriorityBreakdown.Contribution::source).toList());
    }

    @Test
    void ownLinkDown_shouldFault_withTheInterfaceNamed() {
        PriorityBreakdown b = fold(150, Tracked.link("eth0", false));
        assertEquals("interface eth0 is down", b.faultReason());
        assertEquals(150, b.effective());
        assertNull(fold(150, Tracked.link("eth0", true)).faultReason());
    }

    @Test
    void maintenance_shouldFault_whileOn() {
        assertEquals("maintenance mode", fold(150, Tracked.maintenance(true)).faultReason());
        assertFalse(fold(150, Tracked.maintenance(false)).fault());
    }

    @Test
    void trackedInterfaceWithWeightZero_shouldFault_whileDown() {
        assertEquals("tracked interface eth2 is down", fold(150, Tracked.trackedInterface("eth2", 0, false))
                .faultReason());
        assertEquals("link up", fold(150, Tracked.trackedInterface("eth2", 0, true)).contributions().get(0).message());
    }

    @Test
    void syncGroupMemberInFault_shouldFaultTheInstance() {
        PriorityBreakdown b = fold(150, Tracked.syncMember("VI_2", 0, false));
        assertEquals("sync group member VI_2 is in Fault", b.faultReason());
        assertFalse(fold(150, Tracked.syncMember("VI_2", 0, true)).fault());
    }

    @Test
    void faultReasons_shouldListTheOwnLinkAndMaintenanceFirst_thenTheRestInOrder_joinedBySemicolons() {
        Tracker t = new Tracker(150);
        t.report(Tracked.check("smtp", 0, false, ""));
        t.report(Tracked.maintenance(true));
        t.report(Tracked.link("eth0", false));
        assertEquals("interface eth0 is down; maintenance mode; check 'smtp' is down", t.breakdown().faultReason());
    }

    @Test
    void statusLineExample_shouldComeOutOfOneFold() {
        Tracker t = new Tracker(150);
        t.report(Tracked.check("smtp", -60, false, "connection refused"));
        t.report(Tracked.check("submission", -60, false, "connection refused"));
        t.report(Tracked.link("eth0", true));
        PriorityBreakdown b = t.breakdown();
        assertEquals(30, b.effective());
        assertEquals(List.of(0, -60, -60), b.contributions().stream().map(PriorityBreakdown.Contribution::points)
                .toList());
    }

    @Test
    void reportingAgain_shouldReplaceTheEarlierState_inPlace() {
        Tracker t = new Tracker(100);
        t.report(Tracked.check("a", -30, false, ""));
        t.report(Tracked.check("b", -10, true, ""));
        t.report(Tracked.check("a", -30, true, "ok"));
        assertEquals(100, t.breakdown().effective());
        assertEquals("a", t.breakdown().contributions().get(0).source());
        assertEquals("ok", t.breakdown().contributions().get(0).message());
    }

    @Test
    void replace_shouldDropSourcesNoLongerListed_andClearTheirFault() {
        Tracker t = new Tracker(100);
        t.report(Tracked.check("smtp", 0, false, ""));
        t.report(Tracked.check("web", -60, false, ""));
        t.report(Tracked.maintenance(true));
        t.replace(Tracked.Kind.CHECK, List.of(Tracked.check("web", -60, false, "")));
        assertEquals(List.of("maintenance mode"), t.breakdown().faultReasons(), "other kinds stay");
        assertEquals(40, t.breakdown().effective());
        assertThrows(IllegalArgumentException.class,
                () -> t.replace(Tracked.Kind.CHECK, List.of(Tracked.maintenance(true))));
    }

    @Test
    void badInput_shouldBeRefusedWithAClearReason() {
        assertEquals("base priority must be 1-255, got 0",
                assertThrows(IllegalArgumentException.class, () -> new Tracker(0)).getMessage());
        assertEquals("weight must be -253..253, got 254",
                assertThrows(IllegalArgumentException.class, () -> Tracked.check("a", 254, true, "")).getMessage());
    }

    @Test
    void sameOutcome_shouldIgnoreMessages_butNotStatesPriorityOrFault() {
        PriorityBreakdown a = fold(100, Tracked.check("a", -30, false, "x"));
        assertTrue(a.sameOutcome(fold(100, Tracked.check("a", -30, false, "y"))));
        assertFalse(a.sameOutcome(fold(100, Tracked.check("a", -30, true, "x"))));
        assertFalse(fold(100, Tracked.check("a", 0, true, "")).sameOutcome(fold(100, Tracked.check("a", 0, false,
                ""))));
        assertFalse(a.sameOutcome(null));
    }
}
