package org.vrrpd.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimersTest {

    @ParameterizedTest(name = "v3 prio {0}, interval {1} cs")
    @CsvSource({"100, 100", "1, 100", "254, 100", "255, 100", "200, 4095", "100, 1", "150, 37"})
    void skewTime_v3_isTwoHundredFiftySixMinusPriorityTimesIntervalOver256(int priority, int intervalCs) {
        // RFC 9568 §6.1: Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256, in centiseconds.
        double expectedCs = ((256.0 - priority) * intervalCs) / 256.0;
        Duration skew = Timers.skewTime(3, priority, intervalCs);
        assertEquals(expectedCs * 10_000_000.0, skew.toNanos(), 1.0);
    }

    @ParameterizedTest(name = "v3 prio {0}, interval {1} cs")
    @CsvSource({"100, 100", "1, 100", "254, 100", "200, 4095", "100, 1"})
    void masterDownInterval_v3_isThreeIntervalsPlusSkew(int priority, int intervalCs) {
        double expectedCs = 3.0 * intervalCs + ((256.0 - priority) * intervalCs) / 256.0;
        assertEquals(expectedCs * 10_000_000.0, Timers.masterDownInterval(3, priority, intervalCs).toNanos(), 1.0);
    }

    @Test
    void masterDownInterval_v3_withOneSecondAtPriority100_is3609375Micros() {
        // 3 * 100 cs + 156 * 100 / 256 cs = 300 cs + 60.9375 cs
        assertEquals(Duration.ofNanos(3_609_375_000L), Timers.masterDownInterval(3, 100, 100));
    }

    @ParameterizedTest(name = "v2 prio {0}, interval {1} cs")
    @CsvSource({"100, 100", "1, 300", "254, 100", "255, 25500"})
    void skewAndMasterDownInterval_v2_useWholeSecondSkewAndIgnoreNothingLearned(int priority, int intervalCs) {
        // RFC 3768 §6.1: Skew_Time = (256 - Priority) / 256 seconds; MDI = 3 * Advertisement_Interval + Skew.
        double skewS = (256.0 - priority) / 256.0;
        assertEquals(skewS * 1e9, Timers.skewTime(2, priority, intervalCs).toNanos(), 1.0);
        assertEquals((3.0 * intervalCs / 100.0 + skewS) * 1e9,
                Timers.masterDownInterval(2, priority, intervalCs).toNanos(), 1.0);
    }

    @Test
    void skewTime_shouldDifferForAdjacentPriorities_becauseItIsNotTruncatedToCentiseconds() {
        assertTrue(Timers.skewTime(3, 101, 100).compareTo(Timers.skewTime(3, 100, 100)) < 0);
    }

    @Test
    void skewTime_shouldShrinkAsPriorityGrows() {
        for (int p = 1; p < 255; p++) {
            assertTrue(Timers.skewTime(3, p + 1, 100).compareTo(Timers.skewTime(3, p, 100)) < 0, "at " + p);
        }
    }
}
