package org.vrrpd.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;

/**
 * The control socket's wire format: one JSON object per line each way.
 * Request: {@code {"command":"status","args":{...}}}. Reply: {@code {"ok":true,"data":...}} or
 * {@code {"ok":false,"error":{"code":"forbidden","message":"..."}}}.
 *
 * <p>This is the only place where the daemon's status records ({@code org.vrrpd.status}) become JSON and
 * where {@code vrrpctl} reads them back: {@link #JSON} writes an {@link Instant} as its ISO-8601 text, and
 * ignores fields and states it does not know when reading (a newer daemon may add some).
 */
public final class ControlProtocol {

    /** Longest request line accepted; longer ones are refused with {@code too_large}. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;

    /** Longest reply line a client accepts. */
    public static final int MAX_REPLY_BYTES = 16 * 1024 * 1024;

    public static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new SimpleModule("vrrpd-status")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addDeserializer(Instant.class, new InstantText()))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .build();

    /** A parsed request. */
    public record Request(String command, JsonNode args) {
    }

    private ControlProtocol() {
    }

    public static Request parseRequest(String line) throws ControlException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new ControlException("bad_request", "request is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ControlException("bad_request", "request must be a JSON object");
        }
        JsonNode command = node.get("command");
        if (command == null || !command.isTextual() || command.asText().isBlank()) {
            throw new ControlException("bad_request", "request has no \"command\" string");
        }
        JsonNode args = node.get("args");
        if (args != null && !args.isObject() && !args.isNull()) {
            throw new ControlException("bad_request", "\"args\" must be an object");
        }
        return new Request(command.asText(), args == null || args.isNull() ? JSON.createObjectNode() : args);
    }

    public static String request(String command, JsonNode args) {
        ObjectNode node = JSON.createObjectNode();
        node.put("command", command);
        node.set("args", args == null ? JSON.createObjectNode() : args);
        return node.toString();
    }

    /** The success reply carrying {@code data}: a status record (or a JSON tree), written as JSON here. */
    public static String ok(Object data) {
        ObjectNode node = JSON.createObjectNode();
        node.put("ok", true);
        node.set("data", data == null ? JsonNodeFactory.instance.nullNode() : JSON.valueToTree(data));
        return node.toString();
    }

    /** Reads a reply's data back into the record the daemon built; a reply that does not fit is refused. */
    public static <T> T read(JsonNode data, Class<T> type) throws ControlException {
        try {
            return JSON.treeToValue(data, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ControlException("bad_reply", "the daemon's reply is not a " + type.getSimpleName() + ": "
                    + e.getMessage());
        }
    }

    /** Reads {@link Instant}s from the ISO-8601 text they are written as. */
    private static final class InstantText extends FromStringDeserializer<Instant> {

        InstantText() {
            super(Instant.class);
        }

        @Override
        protected Instant _deserialize(String value, DeserializationContext ctxt) {
            return Instant.parse(value);
        }
    }

    public static String error(String code, String message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("ok", false);
        ObjectNode err = node.putObject("error");
        err.put("code", code);
        err.put("message", message);
        return node.toString();
    }
}
