package org.vrrpd.check.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScriptProcessesTest {

    private static final String STATUS = "Name:\tjava\nState:\tS (sleeping)\nSigPnd:\t0000000000000000\n"
            + "SigBlk:\t0000000000004007\nSigIgn:\t0000000000000000\n";

    @Test
    void blockedIn_readsTheSigBlkLine_andIsZeroWithoutOne() {
        assertEquals(0x4007L, ScriptProcesses.blockedIn(STATUS));
        assertEquals(0L, ScriptProcesses.blockedIn("Name:\tjava\n"));
        assertEquals(0L, ScriptProcesses.blockedIn("SigBlk:\tnot-hex\n"));
        assertEquals(-1L, ScriptProcesses.blockedIn("SigBlk:\tffffffffffffffff\n")); // all 64 bits: no overflow
    }
}
