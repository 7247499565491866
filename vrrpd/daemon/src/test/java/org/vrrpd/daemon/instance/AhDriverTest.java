package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.wire.ChecksumMode;
import org.vrrpd.wire.IpEnvelope;
import org.vrrpd.wire.IpsecAh;
import org.vrrpd.wire.VrrpAdvertisement;
import org.vrrpd.wire.VrrpAuthentication;

/** keepalived's IPsec-AH authentication end to end over the in-memory LAN: keyed, sequenced, mismatches counted. */
class AhDriverTest {

    private final DriverRig rig = new DriverRig();

    /** A v2 instance (1 s adverts) with this priority and AH key. */
    private static InstanceConfig ah(int priority, String key) throws Exception {
        InstanceConfig c = DriverRig.config(priority, true);
        return new InstanceConfig(c.name(), c.interfaceName(), c.vrid(), 2, c.family(), priority, Duration.ofSeconds(1),
                c.virtualAddresses(), c.excludedAddresses(), true, Duration.ZERO, false, c.checksumMode(),
                c.unicastSource(), c.unicastPeers(), c.garp(), true, c.trackInterfaces(), c.notifyScripts(),
                c.checks(), true).withAuthentication(VrrpAuthentication.ipAuthHeader(key));
    }

    private void settle() {
        rig.clock.advance(Duration.ofSeconds(8));
    }

    @Test
    void sameKey_shouldElectOneMaster_withoutDrops() throws Exception {
        DriverRig.Router r1 = rig.add(1, ah(200, "s3cret"));
        DriverRig.Router r2 = rig.add(2, ah(100, "s3cret"));
        r1.driver.start();
        r2.driver.start();
        settle();
        assertEquals(VrrpState.MASTER, r1.state());
        assertEquals(VrrpState.BACKUP, r2.state());
        assertFalse(r2.hasVip());
        assertTrue(r2.driver.counters().advertsReceived() >= 5);
        assertEquals(Map.of(), r2.driver.counters().drops());
    }

    @Test
    void differentKey_shouldBeDroppedAndCountedAsIcvMismatch() throws Exception {
        DriverRig.Router r1 = rig.add(1, ah(200, "s3cret"));
        DriverRig.Router r2 = rig.add(2, ah(100, "other"));
        r1.driver.start();
        r2.driver.start();
        settle();
        // each drops the other's adverts: both become Master, which the counter and the log reveal
        assertEquals(VrrpState.MASTER, r2.state());
        assertTrue(r2.driver.counters().drops().get("auth_ah_icv_mismatch") >= 5,
                r2.driver.counters().drops().toString());
        assertEquals(0, r2.driver.counters().advertsReceived());
    }

    @Test
    void ahAgainstPass_shouldNeverMeet_becauseTheyAreDifferentIpProtocols() throws Exception {
        DriverRig.Router r1 = rig.add(1, ah(200, "s3cret"));
        DriverRig.Router r2 = rig.add(2, ah(100, "s3cret").withAuthentication(
                VrrpAuthentication.simplePassword("s3cret")));
        r1.driver.start();
        r2.driver.start();
        settle();
        assertEquals(VrrpState.MASTER, r2.state());
        assertEquals(0, r2.driver.counters().advertsReceived());
    }

    @Test
    void reloadFromPassToAh_shouldReopenTheSocketForProtocol51_andEndTheSecondMaster() throws Exception {
        DriverRig.Router r1 = rig.add(1, ah(200, "s3cret"));
        DriverRig.Router r2 = rig.add(2, ah(100, "s3cret").withAuthentication(
                VrrpAuthentication.simplePassword("s3cret")));
        r1.driver.start();
        r2.driver.start();
        settle();
        assertEquals(VrrpState.MASTER, r2.state());
        r2.driver.reconfigure(ah(100, "s3cret"));
        settle();
        assertEquals(VrrpState.BACKUP, r2.state());
        assertFalse(r2.hasVip());
        assertTrue(r2.driver.counters().advertsReceived() >= 5);
    }

    // other VRIDs on the segment are keyed differently: their failed ICV is another router's business
    @Test
    void anotherVridsAdvert_failingOurKey_shouldBeCountedAsVridMismatch_notAsIcvMismatch() throws Exception {
        DriverRig.Router r2 = rig.add(2, ah(100, "s3cret"));
        r2.driver.start();
        InetAddress other = InetAddress.getByName("192.0.2.7");
        IpEnvelope envelope = new IpEnvelope(other, InetAddress.getByName("224.0.0.18"), 255, r2.ifindex);
        VrrpAdvertisement ad = VrrpAdvertisement.v2(43, 100, 1, List.of(InetAddress.getByName("192.0.2.200")),
                VrrpAuthentication.ipAuthHeader());
        byte[] message = ad.encode(other, envelope.destination(), ChecksumMode.MESSAGE_ONLY);
        r2.driver.onPacket(envelope, IpsecAh.seal(envelope, 1, 1, message, IpsecAh.key("theirs"), false),
                rig.clock.nanoTime());
        assertEquals(Map.of("vrid_mismatch", 1L), r2.driver.counters().drops());
    }

    @Test
    void replayedAdvert_shouldBeDroppedAndCountedAsReplay_withoutReachingTheStateMachine() throws Exception {
        DriverRig.Router r1 = rig.add(1, ah(200, "s3cret"));
        DriverRig.Router r2 = rig.add(2, ah(100, "s3cret"));
        r1.driver.start();
        r2.driver.start();
        settle();
        long received = r2.driver.counters().advertsReceived();
        InetAddress r1Address = InetAddress.getByName("192.0.2.1");
        IpEnvelope envelope = new IpEnvelope(r1Address, InetAddress.getByName("224.0.0.18"), 255, r2.ifindex);
        // an old advert of r1's, sequence 1, and one saying r1 leaves: both already "processed"
        for (int priority : new int[] {200, 0}) {
            VrrpAdvertisement old = VrrpAdvertisement.v2(42, priority, 1,
                    List.of(InetAddress.getByName(DriverRig.VIP)), VrrpAuthentication.ipAuthHeader());
            byte[] message = old.encode(r1Address, envelope.destination(), ChecksumMode.MESSAGE_ONLY);
            r2.driver.onPacket(envelope, IpsecAh.seal(envelope, 9, 1, message, IpsecAh.key("s3cret"), false),
                    rig.clock.nanoTime());
        }
        assertEquals(2, r2.driver.counters().drops().get("auth_ah_replay"));
        assertEquals(received, r2.driver.counters().advertsReceived());
        assertEquals(VrrpState.BACKUP, r2.state());
    }

    // a restarted keepalived (or vrrpd) counts from 0 again: it listens as Backup first, takes the Master's
    // sequence, and continues above it when it takes over, so the old Master accepts it
    @Test
    void freshNodeStartingFromZero_shouldTakeOverAboveTheMastersSequence_withoutReplayDrops() throws Exception {
        DriverRig.Router r1 = rig.add(1, ah(150, "s3cret"));
        DriverRig.Router r2 = rig.add(2, ah(100, "s3cret"));
        r1.driver.start();
        r2.driver.start();
        settle();
        r1.driver.stop();
        settle();
        assertEquals(VrrpState.MASTER, r2.state());
        DriverRig.Router restarted = rig.add(3, ah(200, "s3cret"));
        restarted.driver.start();
        settle();
        assertEquals(VrrpState.MASTER, restarted.state());
        assertEquals(VrrpState.BACKUP, r2.state());
        assertNull(r2.driver.counters().drops().get("auth_ah_replay"), r2.driver.counters().drops().toString());
        assertNull(restarted.driver.counters().drops().get("auth_ah_replay"));
    }
}
