package org.vrrpd.daemon.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

    private static final String STATUS = "Name:\tjava\nCapInh:\t0000000000000000\nCapPrm:\t0000000000003000\n"
            + "CapEff:\t0000000000003000\nCapBnd:\t000001ffffffffff\n";

    @Test
    void effective_shouldParseTheHexMask_fromProcStatus() {
        assertEquals(Optional.of(0x3000L), Capabilities.effective(STATUS));
        assertEquals(Optional.of(0x1ffffffffffL), Capabilities.effective("CapEff:\t000001ffffffffff\n"));
    }

    @Test
    void effective_shouldBeEmpty_whenTheLineIsMissingOrGarbage() {
        assertEquals(Optional.empty(), Capabilities.effective("Name:\tjava\n"));
        assertEquals(Optional.empty(), Capabilities.effective("CapEff:\tzz\n"));
    }

    @Test
    void missing_shouldBeEmpty_whenNetRawAndNetAdminAreHeld() {
        assertEquals(List.of(), Capabilities.missing(0x3000L));
        assertEquals(List.of(), Capabilities.missing(0x1ffffffffffL));
    }

    @Test
    void missing_shouldNameEachAbsentCapability() {
        List<String> none = Capabilities.missing(0);
        assertEquals(2, none.size());
        assertTrue(none.get(0).startsWith("CAP_NET_RAW"));
        assertTrue(none.get(1).startsWith("CAP_NET_ADMIN"));
        assertEquals(List.of("CAP_NET_ADMIN (adding and removing VIPs over rtnetlink)"),
                Capabilities.missing(1L << Capabilities.CAP_NET_RAW));
    }
}
