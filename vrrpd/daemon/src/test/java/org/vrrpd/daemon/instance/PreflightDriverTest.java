package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.PreflightConfig;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.status.InstancePreflight;
import org.vrrpd.status.PeerStatus;
import org.vrrpd.wire.VrrpAuthentication;

/**
 * The peer preflight in the driver over the in-memory LAN: the census sees dropped adverts, a held instance
 * stays Backup beside an incompatible Master and takes over when it leaves, the start-up listen window.
 */
class PreflightDriverTest {

    private static final PreflightConfig HOLD = new PreflightConfig(3, PreflightConfig.OnIncompatible.HOLD);
    private final DriverRig rig = new DriverRig();

    /** A v2 instance (1 s adverts) with this priority, authentication and preflight. */
    private static InstanceConfig v2(int priority, VrrpAuthentication auth, PreflightConfig preflight)
            throws Exception {
        InstanceConfig c = DriverRig.config(priority, true);
        return new InstanceConfig(c.name(), c.interfaceName(), c.vrid(), 2, c.family(), priority, Duration.ofSeconds(1),
                c.virtualAddresses(), c.excludedAddresses(), true, Duration.ZERO, false, c.checksumMode(),
                c.unicastSource(), c.unicastPeers(), c.garp(), true, c.trackInterfaces(), c.notifyScripts(),
                c.checks(), true).withAuthentication(auth).withPreflight(preflight);
    }

    private static final VrrpAuthentication PASS = VrrpAuthentication.simplePassword("s3cret");

    @Test
    void hold_besideAMasterWithOtherAuthentication_shouldStayBackup_thenTakeOverWhenItStops() throws Exception {
        DriverRig.Router peer = rig.add(1, v2(150, PASS, PreflightConfig.DEFAULT));
        DriverRig.Router held = rig.add(2, v2(200, VrrpAuthentication.none(), HOLD));
        peer.driver.start(); // the keepalived node already serving when this node starts
        rig.clock.advance(Duration.ofSeconds(5));
        held.driver.start();
        for (int i = 0; i < 20; i++) { // 20 s: the held router has the higher priority, and never takes over
            rig.clock.advance(Duration.ofSeconds(1));
            assertEquals(VrrpState.BACKUP, held.state(), "second " + i);
            assertFalse(held.hasVip());
        }
        assertEquals(VrrpState.MASTER, peer.state());
        assertEquals(0, held.driver.counters().advertsSent(), "a held Backup sends nothing");
        assertTrue(held.driver.preflight().holdReason().orElseThrow()
                .startsWith("preflight hold: incompatible peer 192.0.2.1 (authentication)"));
        assertTrue(held.driver.counters().drops().get("auth_mismatch") >= 19);

        peer.driver.stop(); // priority 0: the peer has left
        long stopped = rig.clock.nanoTime();
        while (held.state() != VrrpState.MASTER && rig.clock.nanoTime() - stopped < 5_000_000_000L) {
            rig.clock.advance(Duration.ofMillis(10));
        }
        assertEquals(VrrpState.MASTER, held.state());
        assertTrue(rig.clock.nanoTime() - stopped <= 1_010_000_000L, "within one interval after the priority 0");
        assertTrue(held.hasVip());
        assertTrue(held.driver.preflight().holdReason().isEmpty());
    }

    @Test
    void hold_whenThePeerFallsSilent_shouldTakeOverThreeToFourIntervalsAfterItsLastAdvert() throws Exception {
        DriverRig.Router peer = rig.add(1, v2(150, PASS, PreflightConfig.DEFAULT));
        DriverRig.Router held = rig.add(2, v2(200, VrrpAuthentication.none(), HOLD));
        peer.driver.start();
        rig.clock.advance(Duration.ofSeconds(5));
        held.driver.start();
        rig.clock.advance(Duration.ofMillis(10_500));
        assertEquals(VrrpState.BACKUP, held.state());
        peer.host.close(); // crashed: no priority 0, no more adverts
        long crashed = rig.clock.nanoTime();
        while (held.state() != VrrpState.MASTER && rig.clock.nanoTime() - crashed < 10_000_000_000L) {
            rig.clock.advance(Duration.ofMillis(10));
        }
        long ms = (rig.clock.nanoTime() - crashed) / 1_000_000;
        assertEquals(VrrpState.MASTER, held.state());
        assertTrue(ms > 2_000 && ms <= 4_010, "took over " + ms + " ms after the last advert's second");
    }

    @Test
    void hold_whenThePeerIsFixed_shouldRelease_andFollowTheElection() throws Exception {
        DriverRig.Router peer = rig.add(1, v2(150, PASS, PreflightConfig.DEFAULT));
        DriverRig.Router held = rig.add(2, v2(100, VrrpAuthentication.none(), HOLD));
        peer.driver.start();
        held.driver.start();
        rig.clock.advance(Duration.ofSeconds(5));
        peer.driver.reconfigure(v2(150, VrrpAuthentication.none(), PreflightConfig.DEFAULT)); // fixed by hand
        rig.clock.advance(Duration.ofSeconds(2));
        assertTrue(held.driver.preflight().holdReason().isEmpty(), "the peer speaks as we do now");
        assertEquals(VrrpState.BACKUP, held.state(), "the compatible Master with priority 150 stays Master");
        assertEquals(VrrpState.MASTER, peer.state());
    }

    @Test
    void warn_besideAMasterWithOtherAuthentication_shouldBecomeASecondMaster_butReportThePeer() throws Exception {
        DriverRig.Router peer = rig.add(1, v2(150, PASS, PreflightConfig.DEFAULT));
        DriverRig.Router warned = rig.add(2, v2(100, VrrpAuthentication.none(), PreflightConfig.DEFAULT));
        peer.driver.start();
        warned.driver.start();
        rig.clock.advance(Duration.ofSeconds(8));
        assertEquals(VrrpState.MASTER, warned.state());
        assertTrue(warned.driver.preflight().holdReason().isEmpty());
        InstancePreflight report = PreflightReports.of(warned.driver, Duration.ofSeconds(3));
        assertEquals(1, report.peers().size());
        PeerStatus p = report.peers().get(0);
        assertEquals("192.0.2.1", p.source());
        assertEquals("PASS", p.authentication());
        assertFalse(p.authenticationMatches());
        assertFalse(p.compatible());
        assertEquals("auth_mismatch", p.dropReason());
        assertEquals("message-only", p.checksum());
        assertEquals(1000, p.intervalMs());
        assertEquals(List.of("192.0.2.100"), p.vips());
        assertEquals(List.of("sends VRRPv2 with auth PASS; set authentication: {type: pass, ...} on instance 'vi'"),
                p.differences());
        assertFalse(report.toString().contains("s3cret"));
    }

    @Test
    void hold_asMaster_whenAnIncompatiblePeerAppears_shouldStepDownAndLeaveItTheVips() throws Exception {
        DriverRig.Router held = rig.add(2, v2(200, VrrpAuthentication.none(), HOLD));
        held.driver.start();
        rig.clock.advance(Duration.ofSeconds(5));
        assertEquals(VrrpState.MASTER, held.state());
        DriverRig.Router peer = rig.add(1, v2(150, PASS, PreflightConfig.DEFAULT));
        peer.driver.start();
        rig.clock.advance(Duration.ofSeconds(5));
        assertEquals(VrrpState.BACKUP, held.state());
        assertFalse(held.hasVip());
        assertEquals(VrrpState.MASTER, peer.state());
        assertTrue(peer.hasVip());
        assertTrue(held.transitions.containsAll(List.of("MASTER->FAULT", "FAULT->BACKUP")), held.transitions.toString());
    }

    @Test
    void listenWindowLongerThanMasterDown_shouldDelayTheFirstMaster_untilItEnds() throws Exception {
        InstanceConfig c = DriverRig.config(100, true).withPreflight(
                new PreflightConfig(10, PreflightConfig.OnIncompatible.WARN)); // 10 × 100 ms
        DriverRig.Router alone = rig.add(1, c);
        alone.driver.start();
        rig.clock.advance(Duration.ofMillis(990));
        assertEquals(VrrpState.BACKUP, alone.state());
        rig.clock.advance(Duration.ofMillis(20));
        assertEquals(VrrpState.MASTER, alone.state());
    }

    @Test
    void priorityZeroFromACompatibleMaster_duringTheListenWindow_shouldHandOverAfterSkewTime() throws Exception {
        DriverRig.Router master = rig.add(1, v2(150, VrrpAuthentication.none(), PreflightConfig.DEFAULT));
        DriverRig.Router backup = rig.add(2, v2(100, VrrpAuthentication.none(), PreflightConfig.DEFAULT));
        master.driver.start();
        rig.clock.advance(Duration.ofSeconds(5));
        backup.driver.start();
        rig.clock.advance(Duration.ofMillis(1_500)); // inside the 3 s listen window, one advert heard
        master.driver.stop();
        long stopped = rig.clock.nanoTime();
        while (backup.state() != VrrpState.MASTER && rig.clock.nanoTime() - stopped < 5_000_000_000L) {
            rig.clock.advance(Duration.ofMillis(10));
        }
        long ms = (rig.clock.nanoTime() - stopped) / 1_000_000;
        assertEquals(VrrpState.MASTER, backup.state());
        assertTrue(ms >= 600 && ms <= 620, "Skew_Time (609 ms) for priority 100, took " + ms + " ms");
    }

    @Test
    void defaultListenWindow_shouldNotDelayTheFirstMaster_beyondMasterDownInterval() throws Exception {
        DriverRig.Router alone = rig.add(1, DriverRig.config(100, true)); // Master_Down 3 × 100 ms + skew 61 ms
        alone.driver.start();
        rig.clock.advance(Duration.ofMillis(370));
        assertEquals(VrrpState.MASTER, alone.state());
    }

    @Test
    void addressOwner_shouldNotWaitForTheListenWindow() throws Exception {
        InstanceConfig c = DriverRig.config(255, true).withPreflight(
                new PreflightConfig(50, PreflightConfig.OnIncompatible.WARN));
        DriverRig.Router owner = rig.add(1, c);
        owner.driver.start();
        assertEquals(VrrpState.MASTER, owner.state());
    }
}
