package org.vrrpd.check.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HysteresisTest {

    @Test
    void check_shouldStartDown_andRiseOnlyAfterRiseConsecutiveSuccesses() {
        Hysteresis h = new Hysteresis(3, 2);
        assertFalse(h.up());
        assertFalse(h.record(true));
        assertFalse(h.record(true));
        assertFalse(h.record(false)); // resets the success count
        assertFalse(h.record(true));
        assertFalse(h.record(true));
        assertTrue(h.record(true));
        assertTrue(h.up());
    }

    @Test
    void check_shouldFallOnlyAfterFallConsecutiveFailures() {
        Hysteresis h = new Hysteresis(1, 2);
        assertTrue(h.record(true));
        assertFalse(h.record(false));
        assertTrue(h.up());
        assertFalse(h.record(true)); // resets the failure count
        assertFalse(h.record(false));
        assertTrue(h.record(false));
        assertFalse(h.up());
    }

    @Test
    void hysteresis_shouldRejectRiseOrFallBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new Hysteresis(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Hysteresis(1, 0));
    }
}
