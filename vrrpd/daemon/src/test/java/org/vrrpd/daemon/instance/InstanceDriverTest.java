package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vrrpd.daemon.track.Tracked;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.net.netlink.InterfaceAddress;
import org.vrrpd.wire.IpEnvelope;

/** The driver over the in-memory LAN and fake kernels: what the state machine's actions do to the host. */
class InstanceDriverTest {

    private final DriverRig rig = new DriverRig();

    private void settle() {
        rig.clock.advance(Duration.ofSeconds(2));
    }

    @Test
    void twoRouters_shouldElectTheHigherPriority_andOnlyTheMasterHoldsTheVip() throws Exception {
        DriverRig.Router r1 = rig.add(1, 200);
        DriverRig.Router r2 = rig.add(2, 100);
        r1.driver.start();
        r2.driver.start();
        settle();
        assertEquals(VrrpState.MASTER, r1.state());
        assertEquals(VrrpState.BACKUP, r2.state());
        assertTrue(r1.hasVip());
        assertFalse(r2.hasVip());
        assertEquals(InetAddress.getByName("192.0.2.1"), r2.driver.master().orElseThrow().address());
        assertTrue(r2.driver.counters().advertsReceived() > 10);
        assertEquals(0, r2.driver.counters().drops().size(), r2.driver.counters().drops().toString());
    }

    @Test
    void start_shouldRemoveAVipLeftByAnEarlierRun_beforeJoining() throws Exception {
        DriverRig.Router r1 = rig.add(1, 100);
        r1.kernel.addAddress(InterfaceAddress.vip(r1.ifindex, InetAddress.getByName(DriverRig.VIP), 24));
        DriverRig.Router r2 = rig.add(2, 200);
        r2.driver.start();
        settle();
        r1.driver.start();
        assertFalse(r1.hasVip(), "stale VIP still present after start");
        settle();
        assertEquals(VrrpState.BACKUP, r1.state());
        assertFalse(r1.hasVip());
    }

    @Test
    void vipRemovedByHand_fromTheMaster_shouldBeRestored() throws Exception {
        DriverRig.Router r1 = rig.add(1, 200);
        r1.driver.start();
        settle();
        assertTrue(r1.hasVip());
        r1.kernel.removeAddressByHand(InterfaceAddress.vip(r1.ifindex, InetAddress.getByName(DriverRig.VIP), 24));
        r1.driver.addressRemoved(r1.ifindex, InetAddress.getByName(DriverRig.VIP));
        assertTrue(r1.hasVip());
        assertEquals(1, r1.driver.counters().vipRestored());
    }

    @Test
    void linkDown_shouldFaultTheMaster_dropItsVip_andLetTheBackupTakeOver() throws Exception {
        DriverRig.Router r1 = rig.add(1, 200);
        DriverRig.Router r2 = rig.add(2, 100);
        r1.driver.start();
        r2.driver.start();
        settle();
        r1.driver.linkChanged(false);
        assertEquals(VrrpState.FAULT, r1.state());
        assertFalse(r1.hasVip());
        assertEquals(1, r1.driver.counters().priorityZeroSent(), "a faulted Master announces priority 0");
        rig.clock.advance(Duration.ofMillis(100));
        assertEquals(VrrpState.MASTER, r2.state(), "priority 0 lets the Backup take over after Skew_Time");
        r1.driver.linkChanged(true);
        settle();
        assertEquals(VrrpState.MASTER, r1.state());
        assertEquals(VrrpState.BACKUP, r2.state());
    }

    @Test
    void maintenance_shouldHandTheVipOver_andKeepTheNodeOutUntilTurnedOff() throws Exception {
        DriverRig.Router r1 = rig.add(1, 200);
        DriverRig.Router r2 = rig.add(2, 100);
        r1.driver.start();
        r2.driver.start();
        settle();
        r1.driver.maintenance(true);
        settle();
        assertEquals(VrrpState.FAULT, r1.state());
        assertEquals(VrrpState.MASTER, r2.state());
        assertTrue(r2.hasVip() && !r1.hasVip());
        r1.driver.maintenance(false);
        settle();
        assertEquals(VrrpState.MASTER, r1.state());
    }

    @Test
    void stop_shouldSendPriorityZero_andRemoveTheVip() throws Exception {
        DriverRig.Router r1 = rig.add(1, 200);
        DriverRig.Router r2 = rig.add(2, 100);
        r1.driver.start();
        r2.driver.start();
        settle();
        r1.driver.stop();
        assertFalse(r1.hasVip());
        assertEquals(1, r1.driver.counters().priorityZeroSent());
        rig.clock.advance(Duration.ofMillis(70));
        assertEquals(VrrpState.MASTER, r2.state(), "Skew_Time for priority 100 at 100 ms is 61 ms");
        assertTrue(r2.hasVip());
    }

    @Test
    void loweredPriority_onTheMaster_shouldMoveTheVipToTheBackupAfterSkewTime() throws Exception {
        DriverRig.Router r1 = rig.add(1, 150);
        DriverRig.Router r2 = rig.add(2, 100);
        r1.driver.start();
        r2.driver.start();
        settle();
        r1.driver.tracking().reportNow(Tracked.check("web", -60, false, "connection refused")); // 150 - 60
        rig.clock.advance(Duration.ofMillis(70));
        assertEquals(VrrpState.MASTER, r2.state(), "fast takeover: Skew_Time, not Master_Down_Interval");
        rig.clock.advance(Duration.ofMillis(50));
        assertEquals(VrrpState.BACKUP, r1.state());
        assertFalse(r1.hasVip());
    }

    @Test
    void invalidAdvert_shouldBeCountedUnderItsReason_andChangeNothing() throws Exception {
        DriverRig.Router r1 = rig.add(1, 200);
        r1.driver.start();
        settle();
        IpEnvelope wrongTtl = new IpEnvelope(InetAddress.getByName("192.0.2.9"),
                InetAddress.getByName("224.0.0.18"), 64, r1.ifindex);
        byte[] payload = org.vrrpd.wire.VrrpAdvertisement.v3(42, 254, 100,
                java.util.List.of(InetAddress.getByName(DriverRig.VIP))).encode(wrongTtl.source(),
                wrongTtl.destination(), org.vrrpd.wire.ChecksumMode.PSEUDO_HEADER);
        r1.driver.onPacket(wrongTtl, payload, rig.clock.nanoTime());
        IpEnvelope goodTtl = new IpEnvelope(wrongTtl.source(), wrongTtl.destination(), 255, r1.ifindex);
        r1.driver.onPacket(goodTtl, new byte[] {1, 2, 3}, rig.clock.nanoTime());
        assertEquals(VrrpState.MASTER, r1.state());
        assertEquals(1L, r1.driver.counters().drops().get("ttl_error"));
        assertEquals(1L, r1.driver.counters().drops().get("packet_too_short"));
        assertEquals(2, r1.driver.counters().drops().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(Optional.empty(), Optional.ofNullable(r1.driver.faultReason()));
    }
}
