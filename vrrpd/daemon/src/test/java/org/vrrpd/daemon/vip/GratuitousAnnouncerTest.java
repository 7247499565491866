package org.vrrpd.daemon.vip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.GarpConfig;
import org.vrrpd.daemon.loop.ManualScheduler;

/** keepalived's gratuitous schedule: a burst now, a second burst after the delay, optional refresh. */
class GratuitousAnnouncerTest {

    private final ManualScheduler clock = new ManualScheduler();
    private final List<Long> rounds = new ArrayList<>();

    private GratuitousAnnouncer announcer(GarpConfig c) {
        return new GratuitousAnnouncer(clock, c, () -> rounds.add(clock.nanoTime()), "test");
    }

    @Test
    void keepalivedDefaults_shouldSendFiveRoundsNow_andFiveMoreAfterFiveSeconds() {
        GratuitousAnnouncer a = announcer(GarpConfig.KEEPALIVED_DEFAULTS);
        a.announce();
        clock.runDue();
        assertEquals(5, rounds.size());
        clock.advance(Duration.ofMillis(4999));
        assertEquals(5, rounds.size());
        clock.advance(Duration.ofMillis(1));
        assertEquals(10, rounds.size());
        clock.advance(Duration.ofMinutes(10));
        assertEquals(10, rounds.size(), "no refresh by default");
    }

    @Test
    void interval_shouldSpaceTheRoundsOfABurst() {
        announcer(new GarpConfig(Duration.ZERO, 3, Duration.ZERO, Duration.ofMillis(10))).announce();
        clock.advance(Duration.ofMillis(25));
        assertEquals(3, rounds.size());
        assertEquals(Duration.ofMillis(10).toNanos(), rounds.get(1) - rounds.get(0));
        assertEquals(Duration.ofMillis(10).toNanos(), rounds.get(2) - rounds.get(1));
    }

    @Test
    void refresh_shouldRepeatARoundEveryPeriod_untilStopped() {
        GratuitousAnnouncer a = announcer(new GarpConfig(Duration.ZERO, 1, Duration.ofSeconds(2), Duration.ZERO));
        a.announce();
        clock.advance(Duration.ofSeconds(7));
        assertEquals(1 + 3, rounds.size());
        a.stop();
        clock.advance(Duration.ofSeconds(10));
        assertEquals(4, rounds.size());
    }

    @Test
    void refreshRepeat_shouldSendThatManyRoundsAtEachRefresh() {
        GratuitousAnnouncer a = announcer(new GarpConfig(Duration.ZERO, 1, Duration.ofSeconds(2), Duration.ZERO,
                Duration.ZERO, 1, 3));
        a.announce();
        clock.advance(Duration.ofSeconds(5)); // refreshes at 2 s and 4 s
        assertEquals(1 + 2 * 3, rounds.size());
    }

    @Test
    void lowerPriority_shouldUseItsOwnRepeatAndDelay_andNoRefresh() {
        GarpConfig c = new GarpConfig(Duration.ofSeconds(5), 5, Duration.ofSeconds(1), Duration.ZERO,
                Duration.ofSeconds(2), 2, 1);
        announcer(c.forLowerPriority()).announce();
        clock.runDue();
        assertEquals(2, rounds.size());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(4, rounds.size());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(4, rounds.size(), "the lower-priority announcement does not refresh");
    }

    @Test
    void lowerPriorityDefaults_shouldBeTheMasterBurst_asInKeepalived() {
        GarpConfig d = GarpConfig.KEEPALIVED_DEFAULTS;
        assertEquals(d.masterDelay(), d.lowerPrioDelay());
        assertEquals(d.masterRepeat(), d.lowerPrioRepeat());
        assertEquals(1, d.refreshRepeat());
    }

    @Test
    void stop_shouldCancelTheSecondBurst_whenLeavingMaster() {
        GratuitousAnnouncer a = announcer(GarpConfig.KEEPALIVED_DEFAULTS);
        a.announce();
        clock.runDue();
        a.stop();
        clock.advance(Duration.ofSeconds(10));
        assertEquals(5, rounds.size());
    }
}
