package org.vrrpd.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The control socket's wire format: one JSON object per line each way.
 * Request: {@code {"command":"status","args":{...}}}. Reply: {@code {"ok":true,"data":...}} or
 * {@code {"ok":false,"error":{"code":"forbidden","message":"..."}}}.
 */
public final class ControlProtocol {

    /** Longest request line accepted; longer ones are refused with {@code too_large}. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;

    /** Longest reply line a client accepts. */
    public static final int MAX_REPLY_BYTES = 16 * 1024 * 1024;

    public static final ObjectMapper JSON = new ObjectMapper();

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

    public static String ok(JsonNode data) {
        ObjectNode node = JSON.createObjectNode();
        node.put("ok", true);
        node.set("data", data == null ? JsonNodeFactory.instance.nullNode() : data);
        return node.toString();
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
