package org.vrrpd.daemon.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vrrpd.config.TrackedFile;

/** keepalived 2.2.7's tracked-file rules (trackers/track_file.c): strtol(buf, NULL, 0) and the weight rule. */
class TrackFileValueTest {

    private static OptionalLong parse(String s) {
        return TrackFileValue.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static TrackedFile file(int weight, boolean reverse) {
        return new TrackedFile("w", Path.of("/run/w"), weight, reverse, OptionalInt.empty(), false);
    }

    @ParameterizedTest(name = "\"{0}\" reads {1}")
    @CsvSource(delimiter = '|', value = {
        "10|10", "'  42\n'|42", "-7|-7", "+5|5", "0x1F|31", "0X1f|31", "017|15", "08|0", "0x|0", "''|0",
        "abc|0", "12abc|12", "' \t-0x10 trailing'|-16", "2147483648|2147483648", "-2147483648|-2147483648"})
    void parse_shouldFollowStrtolWithBaseZero(String text, long expected) {
        assertEquals(OptionalLong.of(expected), parse(text));
    }

    @Test
    void parse_shouldRejectNumbersOutOfRange_soThePreviousValueIsKept() {
        assertEquals(OptionalLong.empty(), parse("2147483649"));
        assertEquals(OptionalLong.empty(), parse("-2147483649"));
        assertEquals(OptionalLong.empty(), parse("99999999999999999999999"));
    }

    @Test
    void parse_shouldReadOnlyTheFirst127Bytes() {
        assertEquals(OptionalLong.of(0), parse(" ".repeat(127) + "5"));
        assertEquals(OptionalLong.of(5), parse(" ".repeat(126) + "5"));
    }

    @Test
    void nonZeroWeight_shouldAddValueTimesWeight_ofEitherSign() {
        assertEquals(30, TrackFileValue.tracked(file(10, false), 3).weight());
        assertEquals(-30, TrackFileValue.tracked(file(-10, false), 3).weight());
        assertEquals(-30, TrackFileValue.tracked(file(10, true), 3).weight());
        assertEquals(-5, TrackFileValue.tracked(file(1, false), -5).weight());
        assertTrue(TrackFileValue.tracked(file(1, false), -5).up());
        assertEquals(0, TrackFileValue.tracked(file(1, false), 0).weight());
    }

    @Test
    void nonZeroWeight_shouldClampTo253_andFaultAtMinus254OrLess() {
        assertEquals(253, TrackFileValue.tracked(file(10, false), 100).weight());
        assertEquals(-253, TrackFileValue.tracked(file(1, false), -253).weight());
        Tracked fault = TrackFileValue.tracked(file(1, false), -254);
        assertFalse(fault.up());
        assertEquals(0, fault.weight());
        assertFalse(TrackFileValue.tracked(file(2, false), -127).up());
        assertEquals(253, TrackFileValue.tracked(file(254, false), 2147483648L).weight());
        assertFalse(TrackFileValue.tracked(file(-254, false), 2147483648L).up());
    }

    @Test
    void weightZero_shouldFaultOnNonZero_andReverseFaultsOnZero() {
        assertTrue(TrackFileValue.tracked(file(0, false), 0).up());
        assertFalse(TrackFileValue.tracked(file(0, false), 1).up());
        assertFalse(TrackFileValue.tracked(file(0, false), -1).up());
        assertFalse(TrackFileValue.tracked(file(0, true), 0).up());
        assertTrue(TrackFileValue.tracked(file(0, true), 7).up());
    }

    @Test
    void fileContribution_shouldMoveThePriority_andFaultThroughTheTracker() {
        PriorityBreakdown b = Tracker.fold(100, List.of(TrackFileValue.tracked(file(5, false), 4),
                TrackFileValue.tracked(file(-10, false), 2)));
        assertEquals(100 + 20 - 20, b.effective());
        assertEquals(List.of("file:w", "file:w"), b.contributions().stream().map(c -> c.source()).toList());
        PriorityBreakdown low = Tracker.fold(100, List.of(TrackFileValue.tracked(file(-1, false), 150)));
        assertEquals(1, low.effective());
        PriorityBreakdown fault = Tracker.fold(100, List.of(TrackFileValue.tracked(file(0, false), 1)));
        assertTrue(fault.fault());
        assertTrue(fault.faultReason().startsWith("tracked file 'w' has value 1"), fault.faultReason());
        PriorityBreakdown owner = Tracker.fold(255, List.of(TrackFileValue.tracked(file(5, false), 4)));
        assertEquals(255, owner.effective());
    }
}
