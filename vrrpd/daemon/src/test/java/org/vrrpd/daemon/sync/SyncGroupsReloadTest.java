package org.vrrpd.daemon.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vrrpd.daemon.track.Tracked;
import org.vrrpd.fsm.VrrpState;

/** A reload's new groups: unchanged ones keep their state, new ones start from their members', removed ones let go. */
class SyncGroupsReloadTest {

    private final List<String> done = new ArrayList<>();
    private final SyncGroups groups = new SyncGroups(new SyncMembers() {
        @Override
        public void follow(String target, Tracked input) {
            done.add("follow " + target + " " + input.source() + " " + input.up());
        }

        @Override
        public void goMaster(String target, String reason) {
            done.add("master " + target);
        }

        @Override
        public void stepDown(String target, String reason) {
            done.add("backup " + target);
        }
    }, m -> done.add("moved " + m.group() + " " + m.to()));

    @Test
    void anUnchangedGroup_keepsItsState() {
        groups.configure(Map.of("mail", List.of("mail", "mail6")), n -> null, n -> false);
        groups.onTransition("mail", VrrpState.INITIALIZE, VrrpState.BACKUP, "startup");
        groups.onTransition("mail6", VrrpState.INITIALIZE, VrrpState.BACKUP, "startup");
        SyncGroup before = groups.groupOf("mail");
        groups.configure(Map.of("mail", List.of("mail", "mail6")), n -> VrrpState.MASTER, n -> true);
        assertSame(before, groups.groupOf("mail"));
        assertEquals(VrrpState.BACKUP, groups.groupOf("mail").state());
    }

    @Test
    void aNewGroup_startsFromItsMembersStatesAndOwnFaults_andHandsTheFaultsToTheSiblings() {
        groups.configure(Map.of("mail", List.of("mail", "mail6")), n -> n.equals("mail") ? VrrpState.FAULT
                : VrrpState.MASTER, n -> n.equals("mail"));
        SyncGroup g = groups.groupOf("mail6");
        assertEquals(VrrpState.FAULT, g.state());
        assertTrue(g.ownFault("mail"));
        assertEquals(List.of(Tracked.syncMember("mail", 0, false)), groups.inputsFor("mail6"));
        assertEquals(List.of(Tracked.syncMember("mail6", 0, true)), groups.inputsFor("mail"));
        assertEquals(List.of(), done, "configuring runs no directive: the caller hands the inputs over");
    }

    @Test
    void aRemovedGroup_letsItsMembersGo() {
        groups.configure(Map.of("mail", List.of("mail", "mail6")), n -> null, n -> false);
        groups.onTransition("mail", VrrpState.INITIALIZE, VrrpState.BACKUP, "startup");
        assertTrue(!groups.mayBecomeMaster("mail"), "held while mail6 does not want Master");
        groups.configure(Map.of(), n -> VrrpState.BACKUP, n -> false);
        assertNull(groups.groupOf("mail"));
        assertTrue(groups.mayBecomeMaster("mail"));
        assertEquals(List.of(), groups.inputsFor("mail6"));
        assertEquals(List.of(), groups.groups());
    }

    @Test
    void aChangedMemberList_makesANewGroup() {
        groups.configure(Map.of("g", List.of("a", "b")), n -> null, n -> false);
        SyncGroup before = groups.groupOf("a");
        groups.configure(Map.of("g", List.of("a", "b", "c")), n -> VrrpState.BACKUP, n -> false);
        assertTrue(before != groups.groupOf("a"));
        assertEquals(List.of("a", "b", "c"), groups.groupOf("c").members());
        assertEquals(VrrpState.BACKUP, groups.groupOf("c").state());
    }
}
