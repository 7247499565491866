package org.vrrpd.daemon.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.fsm.VrrpState.BACKUP;
import static org.vrrpd.fsm.VrrpState.FAULT;
import static org.vrrpd.fsm.VrrpState.MASTER;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.fsm.VrrpState;

/** keepalived's vrrp_sync_group rules, one by one, on members running the real state machine. */
class SyncGroupTest {

    private final SyncHarness h = new SyncHarness("mail", "mail", "mail6");
    private final SyncHarness.Member v4 = h.member("mail");
    private final SyncHarness.Member v6 = h.member("mail6");

    private void bothMaster() {
        h.startAll();
        v4.downTimerFires();
        v6.downTimerFires();
        assertEquals(List.of(MASTER, MASTER), h.states());
    }

    @Test
    void startup_shouldPutTheGroupInBackupOnceEveryMemberIs() {
        h.startAll();
        assertEquals(List.of(BACKUP, BACKUP), h.states());
        assertEquals(BACKUP, h.groups.groupOf("mail").state());
        assertEquals(1, h.moves.size());
        assertEquals(VrrpState.INITIALIZE, h.moves.get(0).from());
    }

    @Test
    void masterDownTimer_shouldWaitInBackup_untilEverySiblingWantsMaster() {
        h.startAll();
        v4.downTimerFires();
        assertEquals(List.of(BACKUP, BACKUP), h.states());
        assertTrue(h.groups.groupOf("mail").waitingForGroup("mail"));
        v6.downTimerFires();
        assertEquals(List.of(MASTER, MASTER), h.states());
        assertEquals(MASTER, h.groups.groupOf("mail").state());
        assertTrue(h.groups.groupOf("mail").reason().startsWith("mail6 BACKUP -> MASTER"),
                h.groups.groupOf("mail").reason());
    }

    @Test
    void aWaitingMember_thatHearsAMasterAgain_shouldNoLongerCount() {
        h.startAll();
        v4.downTimerFires();
        v4.advert(SyncHarness.HIGHER, 200); // re-arms its down timer: it wants Master no more
        v6.downTimerFires();
        assertEquals(List.of(BACKUP, BACKUP), h.states());
        assertFalse(h.groups.groupOf("mail").waitingForGroup("mail"));
        assertTrue(h.groups.groupOf("mail").waitingForGroup("mail6"));
    }

    @Test
    void oneMembersFault_shouldTakeEveryMasterOutWithPriorityZero() {
        bothMaster();
        v4.ownCheck(false);
        assertEquals(List.of(FAULT, FAULT), h.states());
        assertEquals(1, v4.priorityZeroSent);
        assertEquals(1, v6.priorityZeroSent);
        assertEquals("sync group member mail is in Fault", v6.state.faultReason());
        assertEquals(FAULT, h.groups.groupOf("mail").state());
    }

    @Test
    void faultCleared_shouldBringEveryMemberBackToBackup_andMembersFaultedByTheGroupDoNotHoldEachOther() {
        bothMaster();
        v4.ownCheck(false);
        v4.ownCheck(true);
        assertEquals(List.of(BACKUP, BACKUP), h.states());
        assertEquals(BACKUP, h.groups.groupOf("mail").state());
    }

    @Test
    void twoOwnFaults_shouldKeepTheGroupInFaultUntilBothClear() {
        bothMaster();
        v4.ownCheck(false);
        v6.ownCheck(false);
        v4.ownCheck(true);
        assertEquals(List.of(FAULT, FAULT), h.states());
        v6.ownCheck(true);
        assertEquals(List.of(BACKUP, BACKUP), h.states());
    }

    @Test
    void aMasterSteppingDownToBackup_shouldTakeItsSiblingsAlong() {
        bothMaster();
        v6.advert(SyncHarness.HIGHER, 200);
        assertEquals(List.of(BACKUP, BACKUP), h.states());
        assertEquals(1, v4.priorityZeroSent, "the follower hands over at once, after Skew_Time at the peer");
        assertTrue(v4.state.masterAddress() == null);
        assertEquals(BACKUP, h.groups.groupOf("mail").state());
    }

    @Test
    void groupMoves_shouldBeReportedOncePerGroupState() {
        bothMaster();
        v4.ownCheck(false);
        v4.ownCheck(true);
        List<VrrpState> to = h.moves.stream().map(SyncDirective.GroupMoved::to).toList();
        assertEquals(List.of(BACKUP, MASTER, FAULT, BACKUP), to);
    }

    @Test
    void instancesOutsideAnyGroup_mayAlwaysBecomeMaster() {
        assertTrue(h.groups.mayBecomeMaster("other"));
        assertEquals(List.of(), h.groups.inputsFor("other"));
    }

    @Test
    void aGroupRefusesUnknownMembersAndDuplicates() {
        SyncGroup g = new SyncGroup("g", List.of("a", "b"));
        assertThrows(IllegalArgumentException.class, () -> g.transition("c", BACKUP, MASTER, "x"));
        assertThrows(IllegalArgumentException.class, () -> new SyncGroup("g", List.of("a", "a")));
    }
}
