package org.vrrpd.check.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes {@link HostMessage}s as single JSON lines and decodes them again. Decoding never throws: a line that is
 * not a well-formed message (the host's JVM printing to stdout, a truncated write, a plugin scribbling on the
 * stream) becomes a {@link Decoded.Rejected} with a readable reason and a stable counter name.
 */
public final class HostCodec {

    /** Longest line accepted (a result's detail or a create's config are small). */
    public static final int MAX_LINE = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private HostCodec() {
    }

    /** What {@link #decode} made of a line. */
    public sealed interface Decoded {

        /** A well-formed message. */
        record Ok(HostMessage message) implements Decoded {
        }

        /**
         * A line that is not a message.
         *
         * @param counter stable name for metrics/logs: {@code too_long}, {@code not_json}, {@code unknown_op},
         *                {@code bad_field}
         * @param reason  readable reason
         */
        record Rejected(String counter, String reason) implements Decoded {
        }
    }

    /** The message as one line of JSON, without the line end. */
    public static String encode(HostMessage m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("op", m.op());
        if (m instanceof HostMessage.Create c) {
            n.put("id", c.id());
            n.put("type", c.type());
            n.set("config", c.config());
        } else if (m instanceof HostMessage.Run r) {
            n.put("id", r.id());
            n.put("seq", r.seq());
            n.put("timeoutMs", r.timeoutMillis());
        } else if (m instanceof HostMessage.Close c) {
            n.put("id", c.id());
        } else if (m instanceof HostMessage.Hello h) {
            n.put("pid", h.pid());
            ArrayNode a = n.putArray("types");
            h.types().forEach(a::add);
        } else if (m instanceof HostMessage.Created c) {
            n.put("id", c.id());
            if (c.error() != null) {
                n.put("error", c.error());
            }
        } else if (m instanceof HostMessage.Result r) {
            n.put("id", r.id());
            n.put("seq", r.seq());
            n.put("up", r.up());
            n.put("latencyUs", r.latencyMicros());
            n.put("message", r.message());
            ObjectNode d = n.putObject("detail");
            r.detail().forEach(d::put);
        } else if (m instanceof HostMessage.Log l) {
            n.put("id", l.id());
            n.put("level", l.level());
            n.put("message", l.message());
        } else if (m instanceof HostMessage.Fatal f) {
            n.put("reason", f.reason());
        }
        try {
            return JSON.writeValueAsString(n); // JSON escapes control characters, so this is one line
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + m.op(), e);
        }
    }

    /** Decodes one line (without its line end). */
    public static Decoded decode(String line) {
        if (line == null) {
            return reject("not_json", "no line");
        }
        if (line.length() > MAX_LINE) {
            return reject("too_long", "line of " + line.length() + " characters (limit " + MAX_LINE + ")");
        }
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException | RuntimeException e) {
            return reject("not_json", "not JSON: " + abbreviate(line));
        }
        if (n == null || !n.isObject()) {
            return reject("not_json", "not a JSON object: " + abbreviate(line));
        }
        String op = n.path("op").isTextual() ? n.path("op").asText() : null;
        if (op == null) {
            return reject("bad_field", "no 'op' in " + abbreviate(line));
        }
        try {
            HostMessage m = switch (op) {
                case "create" -> {
                    JsonNode config = n.get("config");
                    if (config == null || !config.isObject()) {
                        throw new BadField("'config' must be an object");
                    }
                    yield new HostMessage.Create(longField(n, "id"), text(n, "type"), config);
                }
                case "run" -> new HostMessage.Run(longField(n, "id"), longField(n, "seq"),
                        nonNegative(n, "timeoutMs"));
                case "close" -> new HostMessage.Close(longField(n, "id"));
                case "hello" -> new HostMessage.Hello(longField(n, "pid"), textList(n, "types"));
                case "created" -> new HostMessage.Created(longField(n, "id"),
                        n.has("error") ? text(n, "error") : null);
                case "result" -> new HostMessage.Result(longField(n, "id"), longField(n, "seq"), bool(n, "up"),
                        nonNegative(n, "latencyUs"), text(n, "message"), textMap(n, "detail"));
                case "log" -> new HostMessage.Log(longField(n, "id"), text(n, "level"), text(n, "message"));
                case "fatal" -> new HostMessage.Fatal(text(n, "reason"));
                default -> null;
            };
            if (m == null) {
                return reject("unknown_op", "unknown op '" + abbreviate(op) + "'");
            }
            return new Decoded.Ok(m);
        } catch (BadField e) {
            return reject("bad_field", op + ": " + e.getMessage());
        }
    }

    private static Decoded reject(String counter, String reason) {
        return new Decoded.Rejected(counter, reason);
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\p{Cntrl}", "?");
        return one.length() <= 80 ? one : one.substring(0, 80) + "...";
    }

    private static final class BadField extends Exception {
        BadField(String message) {
            super(message, null, false, false);
        }
    }

    private static long longField(JsonNode n, String name) throws BadField {
        JsonNode v = n.get(name);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new BadField("'" + name + "' must be an integer");
        }
        return v.longValue();
    }

    private static long nonNegative(JsonNode n, String name) throws BadField {
        long v = longField(n, name);
        if (v < 0) {
            throw new BadField("'" + name + "' must not be negative");
        }
        return v;
    }

    private static String text(JsonNode n, String name) throws BadField {
        JsonNode v = n.get(name);
        if (v == null || !v.isTextual()) {
            throw new BadField("'" + name + "' must be a string");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode n, String name) throws BadField {
        JsonNode v = n.get(name);
        if (v == null || !v.isBoolean()) {
            throw new BadField("'" + name + "' must be true or false");
        }
        return v.booleanValue();
    }

    private static List<String> textList(JsonNode n, String name) throws BadField {
        JsonNode v = n.get(name);
        if (v == null || !v.isArray()) {
            throw new BadField("'" + name + "' must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new BadField("'" + name + "' must be a list of strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    private static Map<String, String> textMap(JsonNode n, String name) throws BadField {
        JsonNode v = n.get(name);
        if (v == null) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new BadField("'" + name + "' must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new BadField("'" + name + "." + e.getKey() + "' must be a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
