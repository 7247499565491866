package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.fsm.VrrpState;

/**
 * {@code masterDownExpired} counts a Backup's Master_Down_Timer expiring after it heard a Master (the Master's
 * adverts stopped), and nothing else that makes a router Master: the VrrpdPeerAdvertsStopped alert rests on it.
 */
class MasterDownCounterTest {

    private final DriverRig rig = new DriverRig();

    @Test
    void masterGoesSilent_shouldCountOneExpiry_onTheBackupThatTookOver() throws Exception {
        List<DriverRig.Router> r = rig.elected(200, 100, 50);
        assertEquals(VrrpState.MASTER, r.get(0).state());
        r.get(0).host.close(); // a crash: no priority-0 advert, its adverts just stop
        rig.clock.advance(Duration.ofSeconds(2));
        assertEquals(VrrpState.MASTER, r.get(1).state());
        assertEquals(1, r.get(1).driver.counters().masterDownExpired());
        assertEquals(0, r.get(2).driver.counters().masterDownExpired(), "it heard the new Master in time");
        assertEquals(0, r.get(0).driver.counters().masterDownExpired());
    }

    @Test
    void startUpWait_shouldNotCount_whenNoMasterWasEverHeard() throws Exception {
        List<DriverRig.Router> r = rig.elected(100);
        assertEquals(VrrpState.MASTER, r.get(0).state());
        assertEquals(1, r.get(0).driver.counters().becameMaster());
        assertEquals(0, r.get(0).driver.counters().masterDownExpired());
    }

    @Test
    void preemption_shouldNotCount_theLowerMastersAdvertsArriveAllAlong() throws Exception {
        List<DriverRig.Router> r = rig.elected(100);
        DriverRig.Router higher = rig.add(2, 200);
        higher.driver.start();
        rig.clock.advance(Duration.ofSeconds(5));
        assertEquals(VrrpState.MASTER, higher.state());
        assertEquals(VrrpState.BACKUP, r.get(0).state());
        assertEquals(0, higher.driver.counters().masterDownExpired());
        assertEquals(0, r.get(0).driver.counters().masterDownExpired());
    }

    @Test
    void masterSilentAgain_shouldCountEachTime() throws Exception {
        List<DriverRig.Router> r = rig.elected(200, 100, 50);
        r.get(0).host.close();
        rig.clock.advance(Duration.ofSeconds(2));
        r.get(1).host.close();
        rig.clock.advance(Duration.ofSeconds(2));
        assertEquals(VrrpState.MASTER, r.get(2).state());
        assertEquals(1, r.get(1).driver.counters().masterDownExpired());
        assertEquals(1, r.get(2).driver.counters().masterDownExpired());
    }

    @Test
    void priorityZeroHandover_shouldNotCount() throws Exception {
        List<DriverRig.Router> r = rig.elected(200, 100);
        r.get(0).driver.stop(); // SIGTERM: the Master sends priority 0
        rig.clock.advance(Duration.ofSeconds(2));
        assertEquals(VrrpState.MASTER, r.get(1).state());
        assertEquals(1, r.get(1).driver.counters().priorityZeroReceived());
        assertEquals(0, r.get(1).driver.counters().masterDownExpired());
    }
}
