package org.vrrpd.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The monitoring tests skip without promtool only outside CI. */
class PromtoolTest {

    @Test
    void missingPromtool_shouldSkip_whenCiIsNotSet() {
        assertThrows(TestAbortedException.class, () -> Promtool.require(Optional.empty(), null));
        assertThrows(TestAbortedException.class, () -> Promtool.require(Optional.empty(), ""));
    }

    @Test
    void missingPromtool_shouldFail_whenCiIsSet() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> Promtool.require(Optional.empty(), "true"));
        assertTrue(e.getMessage().contains("CI=true"), e.getMessage());
    }

    @Test
    void foundPromtool_shouldBeUsed_inCiOrNot() {
        Path p = Path.of("/usr/bin/promtool");
        assertEquals(p, Promtool.require(Optional.of(p), "true"));
        assertEquals(p, Promtool.require(Optional.of(p), null));
    }
}
