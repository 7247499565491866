package org.vrrpd.check.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void restartDelay_shouldDoubleFromOneSecond_upToThirtySeconds() {
        Backoff b = new Backoff();
        List<Long> seconds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            seconds.add(b.afterRun(Duration.ofSeconds(1)).toSeconds());
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L), seconds);
    }

    @Test
    void restartDelay_shouldStartOverAtOneSecond_afterAHostStayedUpAMinute() {
        Backoff b = new Backoff();
        b.next();
        b.next();
        b.next();
        assertEquals(Duration.ofSeconds(1), b.afterRun(Backoff.STABLE));
        assertEquals(Duration.ofSeconds(2), b.afterRun(Duration.ofSeconds(59)));
    }
}
