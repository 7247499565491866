package org.vrrpd.check.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckResult;

/**
 * The wall clock stepped an hour back or forward while checks run (NTP, an operator's {@code date -s}): every
 * check keeps its cadence on the monotonic clock, and a failure injected right after the step is detected exactly
 * as fast as without a step. Only {@code lastRun}, which people read, follows the wall clock.
 */
class CheckScheduleWallClockTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration RUN_TAKES = Duration.ofMillis(20);

    /** What one scenario observed. */
    record Observed(Map<String, List<Double>> starts, double detectedAfter, Instant lastRunAfterStep) {
    }

    /**
     * Three checks at interval 1 s (fall 2, fast_interval 250 ms) pass for 10 s; the wall clock is stepped by
     * {@code stepMinutes} while the runs started at 10 s are in flight; 50 ms later smtp starts failing; the
     * scenario runs to 20 s.
     */
    private static Observed run(long stepMinutes) {
        MutableClock monotonic = new MutableClock(T0);
        SteppableWallClock wall = new SteppableWallClock(monotonic);
        ManualTimer timer = new ManualTimer(monotonic);
        Map<String, List<Double>> starts = new LinkedHashMap<>();
        boolean[] smtpFailing = {false};
        List<ScheduledCheck> checks = new ArrayList<>();
        for (String name : List.of("smtp", "imap", "http")) {
            List<Double> mine = new ArrayList<>();
            starts.put(name, mine);
            Check c = ctx -> {
                Instant started = ctx.clock().instant().minus(RUN_TAKES);
                mine.add(seconds(started));
                boolean ok = !(name.equals("smtp") && smtpFailing[0]);
                return ok ? CheckResult.up(RUN_TAKES, "ok") : CheckResult.down(RUN_TAKES, "no banner");
            };
            checks.add(new ScheduledCheck(name, c, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 2, 0,
                    Duration.ofMillis(250)));
        }
        double[] downAt = {-1};
        CheckScheduler s = new CheckScheduler(checks, st -> {
            if (st.name().equals("smtp") && !st.up() && downAt[0] < 0) {
                downAt[0] = seconds(monotonic.instant());
            }
        }, wall, monotonic, timer, r -> timer.schedule(RUN_TAKES, r), 0);
        s.start();
        timer.step(Duration.ofMillis(10_010));
        wall.step(Duration.ofMinutes(stepMinutes));
        timer.step(Duration.ofMillis(50));
        smtpFailing[0] = true;
        double faultAt = seconds(monotonic.instant());
        timer.step(Duration.ofMillis(9_940));
        Instant lastRun = s.statuses().get(1).lastRun();
        s.close();
        return new Observed(starts, downAt[0] - faultAt, lastRun);
    }

    /** Runs with the monotonic clock, plus whatever steps the test applies. */
    static final class SteppableWallClock extends Clock {
        private final Clock monotonic;
        private Duration offset = Duration.ZERO;

        SteppableWallClock(Clock monotonic) {
            this.monotonic = monotonic;
        }

        void step(Duration d) {
            offset = offset.plus(d);
        }

        @Override
        public Instant instant() {
            return monotonic.instant().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static double seconds(Instant i) {
        return Duration.between(T0, i).toNanos() / 1e9;
    }

    @ParameterizedTest(name = "wall clock stepped {0} min")
    @ValueSource(longs = {-60, 60})
    void steppedWallClock_shouldChangeNoCadence_norDetectionTime(long stepMinutes) {
        Observed unstepped = run(0);
        Observed stepped = run(stepMinutes);

        for (String name : List.of("imap", "http")) {
            List<Double> s = stepped.starts().get(name);
            assertEquals(20, s.size(), name + " ran every second: " + s);
            for (int i = 0; i < s.size(); i++) {
                assertEquals(i, s.get(i), 1e-9, name + " run #" + i + " off its grid: " + s);
            }
        }
        assertEquals(unstepped.starts(), stepped.starts(), "the same runs at the same monotonic times");
        assertTrue(unstepped.detectedAfter() > 0 && unstepped.detectedAfter() < 1.5,
                "fall 2 with fast retries: down within 1.5 s of the fault, took " + unstepped.detectedAfter());
        assertEquals(unstepped.detectedAfter(), stepped.detectedAfter(), 1e-9, "detection as fast as without a step");

        // only what people read follows the wall clock: imap's last run (at ~19 s) stamped in the stepped time
        Duration stampOffset = Duration.between(unstepped.lastRunAfterStep(), stepped.lastRunAfterStep());
        assertEquals(Duration.ofMinutes(stepMinutes), stampOffset);
        assertFalse(stepped.lastRunAfterStep().equals(unstepped.lastRunAfterStep()));
    }
}
