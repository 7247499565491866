package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.net.InMemoryLan;

/**
 * A Backup reads its socket before it acts on its Master_Down_Timer: adverts that arrived before the deadline but
 * that the event loop had not read yet reset the timer instead of losing to it (a takeover, two Masters). The
 * Backup's received packets wait in a {@link InMemoryLan.SocketBuffer} that nothing but the driver drains.
 */
class UnreadAdvertDriverTest {

    private final DriverRig rig = new DriverRig();
    private final InMemoryLan.SocketBuffer socket = new InMemoryLan.SocketBuffer();

    private DriverRig.Router[] elected() throws Exception {
        DriverRig.Router master = rig.add(1, 200);
        DriverRig.Router backup = rig.add(2, 100, socket);
        master.driver.start();
        backup.driver.start();
        for (int i = 0; i < 200; i++) { // two seconds of a loop that reads its socket every 10 ms
            rig.clock.advance(Duration.ofMillis(10));
            socket.drain();
        }
        assertEquals(VrrpState.MASTER, master.state());
        assertEquals(VrrpState.BACKUP, backup.state());
        return new DriverRig.Router[] {master, backup};
    }

    @Test
    void advertsQueuedBeforeTheDeadlineKeepTheBackupABackup() throws Exception {
        DriverRig.Router[] r = elected();
        DriverRig.Router backup = r[1];
        long expiredBefore = backup.driver.counters().masterDownExpired();

        rig.clock.advance(Duration.ofSeconds(2)); // the Master advertises every 100 ms; nobody reads but the timer

        assertEquals(VrrpState.BACKUP, backup.state(), "transitions: " + backup.transitions);
        assertFalse(backup.hasVip());
        assertEquals(expiredBefore, backup.driver.counters().masterDownExpired());
    }

    @Test
    void anEmptySocketAtTheDeadlineIsATakeover() throws Exception {
        DriverRig.Router[] r = elected();
        r[0].host.close(); // a crash: no priority 0, no more adverts

        rig.clock.advance(Duration.ofSeconds(1));

        assertEquals(VrrpState.MASTER, r[1].state());
        assertTrue(r[1].hasVip());
    }
}
