package org.vrrpd.daemon.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;

class JournalPriorityTest {

    @Test
    void prefix_shouldMapLevelsToSyslogPriorities_asJournaldReadsThem() {
        assertEquals("<3>", JournalPriority.prefix(Level.ERROR));
        assertEquals("<4>", JournalPriority.prefix(Level.WARN));
        assertEquals("<6>", JournalPriority.prefix(Level.INFO));
        assertEquals("<7>", JournalPriority.prefix(Level.DEBUG));
        assertEquals("<7>", JournalPriority.prefix(Level.TRACE));
    }
}
