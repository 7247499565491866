package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.wire.VrrpAuthentication;

/** VRRPv2 simple-password authentication end to end over the in-memory LAN: sent, required, mismatches counted. */
class AuthenticationDriverTest {

    private final DriverRig rig = new DriverRig();

    /** A v2 instance (1 s adverts) with this priority and authentication. */
    private static InstanceConfig v2(int priority, VrrpAuthentication auth) throws Exception {
        InstanceConfig c = DriverRig.config(priority, true);
        return new InstanceConfig(c.name(), c.interfaceName(), c.vrid(), 2, c.family(), priority, Duration.ofSeconds(1),
                c.virtualAddresses(), c.excludedAddresses(), true, Duration.ZERO, false, c.checksumMode(),
                c.unicastSource(), c.unicastPeers(), c.garp(), true, c.trackInterfaces(), c.notifyScripts(),
                c.checks(), true).withAuthentication(auth);
    }

    private void settle() {
        rig.clock.advance(Duration.ofSeconds(8));
    }

    @Test
    void samePassword_shouldElectOneMaster_withoutDrops() throws Exception {
        DriverRig.Router r1 = rig.add(1, v2(200, VrrpAuthentication.simplePassword("s3cret")));
        DriverRig.Router r2 = rig.add(2, v2(100, VrrpAuthentication.simplePassword("s3cret")));
        r1.driver.start();
        r2.driver.start();
        settle();
        assertEquals(VrrpState.MASTER, r1.state());
        assertEquals(VrrpState.BACKUP, r2.state());
        assertFalse(r2.hasVip());
        assertTrue(r2.driver.counters().advertsReceived() >= 5);
        assertEquals(0, r2.driver.counters().drops().size(), r2.driver.counters().drops().toString());
    }

    @Test
    void differentPassword_shouldBeDroppedAndCountedAsAuthPasswordMismatch() throws Exception {
        DriverRig.Router r1 = rig.add(1, v2(200, VrrpAuthentication.simplePassword("s3cret")));
        DriverRig.Router r2 = rig.add(2, v2(100, VrrpAuthentication.simplePassword("other")));
        r1.driver.start();
        r2.driver.start();
        settle();
        // each drops the other's adverts, as RFC 3768 §7.1 requires: both become Master (the misconfiguration
        // the counter and the rate-limited log exist to reveal)
        assertEquals(VrrpState.MASTER, r2.state());
        assertTrue(r2.driver.counters().drops().get("auth_password_mismatch") >= 5,
                r2.driver.counters().drops().toString());
        assertNull(r2.driver.counters().drops().get("auth_mismatch"));
    }

    @Test
    void noAuthenticationAgainstPassword_shouldBeCountedAsAuthMismatch() throws Exception {
        DriverRig.Router r1 = rig.add(1, v2(200, VrrpAuthentication.simplePassword("s3cret")));
        DriverRig.Router r2 = rig.add(2, v2(100, VrrpAuthentication.none()));
        r1.driver.start();
        r2.driver.start();
        settle();
        assertTrue(r2.driver.counters().drops().get("auth_mismatch") >= 5, r2.driver.counters().drops().toString());
        assertTrue(r1.driver.counters().drops().get("auth_mismatch") >= 1, r1.driver.counters().drops().toString());
    }

    @Test
    void reloadWithTheRightPassword_shouldEndTheMismatch_inPlace() throws Exception {
        DriverRig.Router r1 = rig.add(1, v2(200, VrrpAuthentication.simplePassword("s3cret")));
        DriverRig.Router r2 = rig.add(2, v2(100, VrrpAuthentication.simplePassword("other")));
        r1.driver.start();
        r2.driver.start();
        settle();
        long before = r2.driver.counters().drops().get("auth_password_mismatch");
        r2.driver.reconfigure(v2(100, VrrpAuthentication.simplePassword("s3cret")));
        settle();
        assertEquals(VrrpState.BACKUP, r2.state());
        assertFalse(r2.hasVip());
        assertEquals(before, r2.driver.counters().drops().get("auth_password_mismatch"));
    }
}
