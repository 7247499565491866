package org.vrrpd.daemon.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RtSettingTest {

    @Test
    void bareNumber_shouldMeanRoundRobinAtThatPriority() {
        assertEquals(Optional.of(new RtSetting(RtSetting.SCHED_RR, 50)), RtSetting.parse("50").setting());
    }

    @Test
    void fifoPrefix_shouldSelectFifo() {
        assertEquals(Optional.of(new RtSetting(RtSetting.SCHED_FIFO, 10)), RtSetting.parse("FIFO:10").setting());
        assertEquals("SCHED_FIFO", RtSetting.parse("fifo:10").setting().orElseThrow().policyName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "0", "rr:0"})
    void emptyOrZero_shouldMeanNoRealtimeAndNoProblem(String v) {
        RtSetting.Parsed p = RtSetting.parse(v);
        assertTrue(p.setting().isEmpty());
        assertNull(p.problem());
    }

    @ParameterizedTest
    @ValueSource(strings = {"100", "-1", "rr:abc", "batch:5", "high"})
    void badValues_shouldBeRefusedWithAReason(String v) {
        RtSetting.Parsed p = RtSetting.parse(v);
        assertTrue(p.setting().isEmpty());
        assertNotNull(p.problem());
    }

    @Test
    void nullValue_shouldMeanNoRealtime() {
        assertTrue(RtSetting.parse(null).setting().isEmpty());
    }
}
