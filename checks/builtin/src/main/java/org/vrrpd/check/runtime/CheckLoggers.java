package org.vrrpd.check.runtime;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link System.Logger}s a check gets from its context: one that writes to the daemon's log (SLF4J logger
 * {@code org.vrrpd.check}) prefixed with the label {@code instance/check}, and one that hands each line to a sink
 * (the plugin host sends it to the daemon).
 */
public final class CheckLoggers {

    private static final Logger LOG = LoggerFactory.getLogger("org.vrrpd.check");

    private CheckLoggers() {
    }

    /** Writes to the daemon's log as {@code label: message}. */
    public static System.Logger daemon(String label) {
        return new Sink("org.vrrpd.check", (level, message) -> write(level, label + ": " + message));
    }

    /** Hands each enabled line to {@code sink} as (level, message). */
    public static System.Logger to(BiConsumer<System.Logger.Level, String> sink) {
        return new Sink("org.vrrpd.check", sink);
    }

    /** Writes a line at a {@link System.Logger.Level} to the daemon's log. */
    public static void write(System.Logger.Level level, String line) {
        switch (level) {
            case ERROR -> LOG.error("{}", line);
            case WARNING -> LOG.warn("{}", line);
            case INFO -> LOG.info("{}", line);
            case DEBUG -> LOG.debug("{}", line);
            case TRACE -> LOG.trace("{}", line);
            default -> { } // ALL and OFF are not levels a line is written at
        }
    }

    /** A level's name as sent over the plugin host protocol, back to the level ({@code INFO} when unknown). */
    public static System.Logger.Level level(String name) {
        try {
            return System.Logger.Level.valueOf(name);
        } catch (IllegalArgumentException e) {
            return System.Logger.Level.INFO;
        }
    }

    private record Sink(String name, BiConsumer<System.Logger.Level, String> sink) implements System.Logger {

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && level != Level.ALL;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                sink.accept(level, thrown == null ? String.valueOf(msg) : msg + ": " + thrown);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                sink.accept(level, params == null || params.length == 0 ? String.valueOf(format)
                        : MessageFormat.format(format, params));
            }
        }
    }
}
