package org.vrrpd.check.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.runtime.PriorityBreakdown.Input;

class PriorityBreakdownTest {

    @Test
    void positiveWeight_shouldAdd_onlyWhileUp() {
        assertEquals(120, PriorityBreakdown.compute(100, List.of(new Input("a", 20, true, ""))).effective());
        assertEquals(100, PriorityBreakdown.compute(100, List.of(new Input("a", 20, false, ""))).effective());
    }

    @Test
    void negativeWeight_shouldSubtract_onlyWhileDown() {
        assertEquals(100, PriorityBreakdown.compute(100, List.of(new Input("a", -30, true, ""))).effective());
        PriorityBreakdown b = PriorityBreakdown.compute(100, List.of(new Input("a", -30, false, "x")));
        assertEquals(70, b.effective());
        assertEquals(-30, b.contributions().get(0).points());
    }

    @Test
    void weightZero_shouldFault_whileDown_andNotChangePriority() {
        PriorityBreakdown down = PriorityBreakdown.compute(100, List.of(new Input("smtp", 0, false, "banner 421")));
        assertTrue(down.fault());
        assertEquals(List.of("check 'smtp' is down: banner 421"), down.faultReasons());
        assertEquals(100, down.effective());
        assertFalse(PriorityBreakdown.compute(100, List.of(new Input("smtp", 0, true, ""))).fault());
    }

    @Test
    void effective_shouldClampTo1And254() {
        assertEquals(254, PriorityBreakdown.compute(250, List.of(new Input("a", 50, true, ""))).effective());
        assertEquals(1, PriorityBreakdown.compute(10, List.of(new Input("a", -50, false, ""),
                new Input("b", -100, false, ""))).effective());
    }

    @Test
    void owner255_shouldNeverChange_butStillReportFault() {
        PriorityBreakdown b = PriorityBreakdown.compute(255, List.of(new Input("a", -50, false, ""),
                new Input("b", 0, false, "")));
        assertEquals(255, b.effective());
        assertEquals(0, b.contributions().get(0).points());
        assertTrue(b.fault());
    }

    @Test
    void contributions_shouldSum_acrossChecks() {
        PriorityBreakdown b = PriorityBreakdown.compute(100, List.of(new Input("smtp", 10, true, ""),
                new Input("imap", 10, false, ""), new Input("nfs", -40, false, "")));
        assertEquals(70, b.effective());
        assertEquals(List.of(10, 0, -40), b.contributions().stream().map(PriorityBreakdown.Contribution::points).toList());
    }
}
