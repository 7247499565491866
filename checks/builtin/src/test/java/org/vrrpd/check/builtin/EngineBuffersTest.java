package org.vrrpd.check.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A check's TLS buffers: lent to one connection at a time, the same set again after it is given back. */
class EngineBuffersTest {

    private final EngineBuffers.Slot slot = new EngineBuffers.Slot();

    @Test
    void aGivenBackSet_isLentAgain_empty() {
        EngineBuffers first = slot.take(100, 80);
        first.netOut.put((byte) 1);
        first.appIn.limit(5);
        slot.giveBack(first);
        EngineBuffers again = slot.take(100, 80);
        assertSame(first, again);
        assertEquals(0, again.netOut.position());
        assertEquals(0, again.appIn.remaining());
        assertEquals(0, again.netIn.remaining());
        assertTrue(again.netIn.isDirect() && again.appOut.isDirect());
    }

    @Test
    void overlappingConnections_getTheirOwnSets_andOneIsKept() {
        EngineBuffers a = slot.take(100, 80);
        EngineBuffers b = slot.take(100, 80);
        assertNotSame(a, b);
        slot.giveBack(a);
        slot.giveBack(b);
        assertSame(a, slot.take(100, 80));
        assertNotSame(b, slot.take(100, 80));
    }

    @Test
    void aSetTooSmallForTheEngine_isReplaced() {
        slot.giveBack(slot.take(100, 80));
        EngineBuffers bigger = slot.take(200, 80);
        assertEquals(200, bigger.netOut.capacity());
        assertEquals(200, bigger.io.length);
    }
}
