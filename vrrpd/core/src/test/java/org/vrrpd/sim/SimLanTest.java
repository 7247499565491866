package org.vrrpd.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.fsm.Timers;
import org.vrrpd.fsm.VrrpConfig;
import org.vrrpd.fsm.VrrpState;

/** Concrete failover stories on the simulated LAN. */
class SimLanTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    private static VrrpConfig template(boolean fastTakeover) {
        return VrrpConfig.defaults(1, 3, InetAddress.getLoopbackAddress()).withFastTakeover(fastTakeover);
    }

    private static SimLan lan(boolean fastTakeover, int... priorities) {
        SimLan lan = new SimLan(42, 1 * MS, 5 * MS);
        for (int p : priorities) {
            lan.add(template(fastTakeover), p);
        }
        lan.routers().forEach(SimRouter::start);
        return lan;
    }

    private static long mdi(int priority) {
        return Timers.masterDownInterval(3, priority, 100).toNanos();
    }

    private static String ids(List<SimRouter> rs) {
        return rs.toString();
    }

    @Test
    void startup_shouldElectTheHighestPriorityWithinItsMasterDownInterval() {
        SimLan lan = lan(true, 100, 200, 150);
        lan.runUntil(mdi(200) + 10 * MS);
        assertEquals(List.of(lan.router(1)), lan.masters(), lan.tail(20));
        lan.runFor(30 * S);
        assertEquals(List.of(lan.router(1)), lan.masters());
        assertTrue(lan.router(1).vipsHeld && !lan.router(0).vipsHeld && !lan.router(2).vipsHeld);
    }

    @Test
    void masterCrash_shouldFailOverToTheNextHighestWithinMasterDownInterval() {
        SimLan lan = lan(true, 100, 200, 150);
        lan.runUntil(10 * S);
        long t = lan.scheduler.now();
        lan.router(1).crash();
        lan.runUntil(t + mdi(150) + 10 * MS);
        assertEquals(List.of(lan.router(2)), lan.masters(), lan.tail(20));
        // the last advert left at most one interval before the crash: at least MDI - 1 s passes
        assertTrue(lan.router(2).state.sinceNanos() - t > mdi(150) - S, "waited for the down timer");
    }

    @Test
    void masterGracefulStop_shouldFailOverWithinSkewTime() {
        SimLan lan = lan(true, 100, 200, 150);
        lan.runUntil(10 * S);
        long t = lan.scheduler.now();
        lan.router(1).stop();
        lan.runUntil(t + Timers.skewTime(3, 150, 100).toNanos() + 10 * MS);
        assertEquals(List.of(lan.router(2)), lan.masters(), lan.tail(20));
    }

    @Test
    void splitBrain_whenHealed_shouldConvergeInOneExchange_withTheWinnerSendingAGratuitousBurst() {
        SimLan lan = lan(true, 100, 200);
        lan.runUntil(10 * S);
        lan.setLoss(1.0); // partition
        lan.runUntil(20 * S);
        assertEquals(2, lan.masters().size(), lan.tail(10));
        long burstsBefore = lan.router(1).gratuitousBursts;
        lan.setLoss(0, 1, 0.0); // the loser's adverts reach the winner first
        lan.runFor(S + lan.maxDelayNanos());
        assertTrue(lan.router(1).gratuitousBursts > burstsBefore, "winner re-announces its VIPs at once");
        lan.setLoss(0.0); // fully healed
        long t = lan.scheduler.now();
        lan.runUntil(t + S + 2 * lan.maxDelayNanos());
        assertEquals(List.of(lan.router(1)), lan.masters(), lan.tail(10));
    }

    @Test
    void equalPriorities_startingTogether_shouldElectTheHigherPrimaryAddress() {
        SimLan lan = lan(true, 100, 100, 100);
        lan.runUntil(10 * S);
        assertEquals(List.of(lan.router(2)), lan.masters(), lan.tail(20));
    }

    @Test
    void ownerRestart_shouldTakeOverAtOnce() {
        SimLan lan = lan(true, 255, 100);
        lan.runUntil(10 * S);
        lan.router(0).crash();
        lan.runUntil(20 * S);
        assertEquals(List.of(lan.router(1)), lan.masters());
        lan.router(0).start();
        assertEquals(VrrpState.MASTER, lan.router(0).state.state());
        lan.runFor(lan.maxDelayNanos() + MS);
        assertEquals(List.of(lan.router(0)), lan.masters(), lan.tail(10));
    }

    @Test
    void masterLinkFlap_shouldFailOver_andPreemptBackAfterTheLinkReturns() {
        SimLan lan = lan(true, 100, 200);
        lan.runUntil(10 * S);
        lan.router(1).setLinkUp(false);
        assertEquals(VrrpState.FAULT, lan.router(1).state.state());
        assertFalse(lan.router(1).vipsHeld);
        lan.runFor(mdi(100) + 10 * MS);
        assertEquals(List.of(lan.router(0)), lan.masters(), lan.tail(10));
        long t = lan.scheduler.now();
        lan.router(1).setLinkUp(true);
        lan.runUntil(t + mdi(200) + 10 * MS);
        assertEquals(List.of(lan.router(1)), lan.masters(), lan.tail(10));
    }

    @Test
    void backupRaisedAboveItsMaster_withFastTakeover_shouldTakeOverWithinOneIntervalPlusSkew() {
        SimLan lan = lan(true, 200, 100);
        lan.runUntil(10 * S);
        long t = lan.scheduler.now();
        lan.router(1).setPriority(250);
        lan.runUntil(t + S + Timers.skewTime(3, 250, 100).toNanos() + 2 * lan.maxDelayNanos());
        assertEquals(List.of(lan.router(1)), lan.masters(), lan.tail(10));
    }

    @Test
    void backupRaisedAboveItsMaster_withStrictRfcTiming_shouldWaitForMasterDownInterval() {
        SimLan lan = lan(false, 200, 100);
        lan.runUntil(10 * S);
        long t = lan.scheduler.now();
        lan.router(1).setPriority(250);
        lan.runUntil(t + S + Timers.skewTime(3, 250, 100).toNanos() + 2 * lan.maxDelayNanos());
        assertEquals(List.of(lan.router(0)), lan.masters(), "not yet");
        lan.runUntil(t + mdi(100) + 3 * lan.maxDelayNanos());
        assertEquals(List.of(lan.router(1)), lan.masters(), lan.tail(10));
    }

    @Test
    void masterPriorityLowered_shouldHandOverWithoutWaitingAnInterval() {
        SimLan lan = lan(true, 200, 150);
        lan.runUntil(10 * S);
        long t = lan.scheduler.now();
        lan.router(0).setPriority(50);
        lan.runUntil(t + Timers.skewTime(3, 150, 100).toNanos() + 3 * lan.maxDelayNanos());
        assertEquals(List.of(lan.router(1)), lan.masters(), lan.tail(10));
    }

    @Test
    void higherRouterRestart_withPreemptDelay_shouldWaitTheDelayBeforePreempting() {
        SimLan lan = new SimLan(42, MS, 5 * MS);
        lan.add(template(true), 100);
        lan.add(template(true).withPreemptDelay(Duration.ofSeconds(20)), 200);
        lan.router(0).start();
        lan.runUntil(5 * S);
        assertEquals(List.of(lan.router(0)), lan.masters());
        lan.router(1).start();
        lan.runUntil(5 * S + 19 * S);
        assertEquals(List.of(lan.router(0)), lan.masters(), "still within preempt_delay");
        lan.runUntil(5 * S + 20 * S + S + Timers.skewTime(3, 200, 100).toNanos() + 2 * lan.maxDelayNanos());
        assertEquals(List.of(lan.router(1)), lan.masters(), lan.tail(10));
    }

    @Test
    void sameSeed_shouldReplayTheSameRun() {
        assertEquals(runWithLoss(7), runWithLoss(7));
        assertFalse(runWithLoss(7).equals(runWithLoss(8)));
    }

    private static String runWithLoss(long seed) {
        SimLan lan = new SimLan(seed, MS, 20 * MS);
        for (int p : new int[] {100, 150, 200, 120}) {
            lan.add(template(true), p);
        }
        lan.setLoss(0.3);
        lan.routers().forEach(SimRouter::start);
        lan.runUntil(30 * S);
        lan.router(2).crash();
        lan.runUntil(60 * S);
        return lan.tail(1000);
    }
}
