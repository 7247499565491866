package org.vrrpd.check.host;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the protocol between the daemon and a plugin host (a child JVM that runs one plugin JAR's checks),
 * as decoded by {@link HostCodec}. The daemon sends {@link Create}, {@link Run} and {@link Close}; the host answers
 * with {@link Hello} once it has loaded its JAR, {@link Created} for every create, {@link Result} for every run,
 * {@link Log} for a check's own log lines, and {@link Fatal} just before it exits on purpose (its thread watchdog).
 */
public sealed interface HostMessage {

    /** The {@code op} field that names the message on the wire. */
    String op();

    /** Daemon → host: make check {@code id} of {@code type} from its configuration entry as written in the YAML. */
    record Create(long id, String type, JsonNode config) implements HostMessage {
        public Create {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(config, "config");
        }

        @Override
        public String op() {
            return "create";
        }
    }

    /** Daemon → host: run check {@code id} once; the run's deadline is {@code timeoutMillis} from now. */
    record Run(long id, long seq, long timeoutMillis) implements HostMessage {
        @Override
        public String op() {
            return "run";
        }
    }

    /** Daemon → host: the check is gone; close it. */
    record Close(long id) implements HostMessage {
        @Override
        public String op() {
            return "close";
        }
    }

    /** Host → daemon: the JAR is loaded and provides {@code types}. */
    record Hello(long pid, List<String> types) implements HostMessage {
        public Hello {
            types = List.copyOf(types);
        }

        @Override
        public String op() {
            return "hello";
        }
    }

    /** Host → daemon: check {@code id} was created ({@code error} null) or refused with {@code error}. */
    record Created(long id, String error) implements HostMessage {
        @Override
        public String op() {
            return "created";
        }
    }

    /** Host → daemon: what run {@code seq} of check {@code id} saw. */
    record Result(long id, long seq, boolean up, long latencyMicros, String message, Map<String, String> detail)
            implements HostMessage {
        public Result {
            message = message == null ? "" : message;
            detail = detail == null ? Map.of() : Map.copyOf(detail);
        }

        @Override
        public String op() {
            return "result";
        }
    }

    /**
     * Host → daemon: check {@code id} logged {@code message} at {@code level} (a {@link System.Logger.Level} name);
     * the daemon writes it to its log with the check's instance and name.
     */
    record Log(long id, String level, String message) implements HostMessage {
        public Log {
            Objects.requireNonNull(level, "level");
            message = message == null ? "" : message;
        }

        @Override
        public String op() {
            return "log";
        }
    }

    /** Host → daemon: the host is about to exit, and why (e.g. {@code too many threads (65 > 64)}). */
    record Fatal(String reason) implements HostMessage {
        public Fatal {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String op() {
            return "fatal";
        }
    }
}
