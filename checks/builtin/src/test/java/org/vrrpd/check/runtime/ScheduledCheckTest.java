package org.vrrpd.check.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckResult;

class ScheduledCheckTest {

    @Test
    void fastInterval_shouldDefaultToAQuarterOfTheInterval_between100msAndTheInterval() {
        Check ok = ctx -> CheckResult.up(Duration.ZERO, "ok");
        assertEquals(Duration.ofMillis(250), fast(ok, Duration.ofSeconds(1)));
        assertEquals(Duration.ofMillis(500), fast(ok, Duration.ofSeconds(2)));
        assertEquals(Duration.ofMillis(100), fast(ok, Duration.ofMillis(200)));
        assertEquals(Duration.ofMillis(50), fast(ok, Duration.ofMillis(50)), "never longer than the interval");
        assertThrows(IllegalArgumentException.class, () -> new ScheduledCheck("c", ok, Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1, 1, 0, Duration.ofSeconds(2)));
    }

    private static Duration fast(Check c, Duration interval) {
        return new ScheduledCheck("c", c, interval, interval, 1, 1, 0).fastInterval();
    }
}
