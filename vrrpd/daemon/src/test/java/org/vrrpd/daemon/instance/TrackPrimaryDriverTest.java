package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.TrackOptions;
import org.vrrpd.fsm.VrrpState;

/** track_primary: false (keepalived's dont_track_primary): the own interface's link state does not fault. */
class TrackPrimaryDriverTest {

    private final DriverRig rig = new DriverRig();

    @Test
    void linkDown_withTrackPrimaryFalse_shouldKeepTheMaster() throws Exception {
        DriverRig.Router r1 = rig.add(1, DriverRig.config(200, true)
                .withTrackOptions(new TrackOptions(List.of(), false)));
        r1.driver.start();
        rig.clock.advance(Duration.ofSeconds(2));
        assertEquals(VrrpState.MASTER, r1.state());
        r1.driver.linkChanged(false);
        assertEquals(VrrpState.MASTER, r1.state());
        assertTrue(r1.hasVip());
    }

    @Test
    void linkDown_byDefault_shouldFault() throws Exception {
        DriverRig.Router r1 = rig.add(1, DriverRig.config(200, true));
        r1.driver.start();
        rig.clock.advance(Duration.ofSeconds(2));
        r1.driver.linkChanged(false);
        assertEquals(VrrpState.FAULT, r1.state());
    }
}
