package org.vrrpd.daemon.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Logback converter {@code %linePrefix}. Under systemd (the {@code JOURNAL_STREAM} variable is set) it is the
 * {@code <N>} syslog priority prefix journald reads from a service's stderr (sd-daemon(3)), and no timestamp,
 * since the journal adds its own: ERROR → 3, WARN → 4, INFO → 6, DEBUG and TRACE → 7. Run by hand, it is a
 * local time and the level name.
 */
public final class JournalPriority extends ClassicConverter {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final boolean journal = System.getenv("JOURNAL_STREAM") != null;

    @Override
    public String convert(ILoggingEvent event) {
        return journal ? prefix(event.getLevel()) : humanPrefix(event);
    }

    static String prefix(Level level) {
        switch (level.toInt()) {
            case Level.ERROR_INT:
                return "<3>";
            case Level.WARN_INT:
                return "<4>";
            case Level.INFO_INT:
                return "<6>";
            default:
                return "<7>";
        }
    }

    static String humanPrefix(ILoggingEvent event) {
        return TIME.format(Instant.ofEpochMilli(event.getTimeStamp())) + " "
                + String.format("%-5s ", event.getLevel());
    }
}
