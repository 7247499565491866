package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.daemon.track.PriorityBreakdown;
import org.vrrpd.fsm.Event;
import org.vrrpd.fsm.VrrpState;

/** What the driver asks and tells its sync group: the Master_Down_Timer waits for the group's yes. */
class SyncHooksDriverTest {

    private final DriverRig rig = new DriverRig();
    private final List<String> calls = new ArrayList<>();
    private boolean allowed;

    private final SyncHooks hooks = new SyncHooks() {
        @Override
        public boolean mayBecomeMaster(String instance) {
            calls.add("may " + instance);
            return allowed;
        }

        @Override
        public void masterWishWithdrawn(String instance) {
            calls.add("withdrawn");
        }

        @Override
        public void trackingApplied(String instance, PriorityBreakdown breakdown) {
            calls.add("tracking fault=" + breakdown.fault());
        }
    };

    @Test
    void masterDownTimer_shouldWaitInBackupWhileTheGroupSaysNo_andGoWhenTheGroupSendsIt() throws Exception {
        DriverRig.Router r = rig.add(1, 150);
        r.driver.syncHooks(hooks);
        r.driver.start();
        rig.clock.advance(Duration.ofSeconds(5));
        assertEquals(VrrpState.BACKUP, r.state(), "the group did not let it go");
        assertTrue(calls.contains("may vi"), calls.toString());
        assertFalse(r.hasVip());

        r.driver.handle(new Event.MasterDownTimerFired(), "sync group: every member wants MASTER");
        assertEquals(VrrpState.MASTER, r.state());
        assertTrue(r.hasVip());
    }

    @Test
    void withTheGroupsYes_theTimerTakesOverAsAlone_andTrackingIsReported() throws Exception {
        allowed = true;
        DriverRig.Router r = rig.add(1, 150);
        r.driver.syncHooks(hooks);
        r.driver.start();
        rig.clock.advance(Duration.ofSeconds(5));
        assertEquals(VrrpState.MASTER, r.state());
        assertTrue(calls.contains("withdrawn"), "entering Backup armed the down timer: " + calls);
        r.driver.maintenance(true);
        assertTrue(calls.contains("tracking fault=true"), calls.toString());
    }
}
