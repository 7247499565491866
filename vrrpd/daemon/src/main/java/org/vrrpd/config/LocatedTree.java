package org.vrrpd.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document read into a Jackson tree together with the source position of every node, so that errors
 * found after binding (a VRID out of range, two instances on the same VRID) can still name the line. Jackson's
 * own tree drops positions, hence this small reader over the token stream.
 *
 * <p>A mapping member is located at its key, a sequence element at its first token. Duplicate keys, which
 * YAML forbids but Jackson would silently collapse, are reported as problems.
 */
final class LocatedTree {

    private final String file;
    private final JsonNode root;
    private final Map<String, JsonLocation> locations;

    private LocatedTree(String file, JsonNode root, Map<String, JsonLocation> locations) {
        this.file = file;
        this.root = root;
        this.locations = locations;
    }

    /** Reads one document; syntax errors and duplicate keys go to {@code problems}, returning null on syntax errors. */
    static LocatedTree read(JsonParser parser, String file, List<ConfigProblem> problems) {
        Map<String, JsonLocation> locations = new HashMap<>();
        List<ConfigProblem> duplicates = new ArrayList<>();
        try (parser) {
            JsonToken first = parser.nextToken();
            JsonNode root;
            if (first == null || first == JsonToken.VALUE_NULL) {
                root = JsonNodeFactory.instance.objectNode();
            } else {
                locations.put("", parser.currentTokenLocation());
                root = readValue(parser, "", file, locations, duplicates);
            }
            problems.addAll(duplicates);
            return new LocatedTree(file, root, locations);
        } catch (JsonProcessingException e) {
            problems.addAll(duplicates);
            problems.add(syntaxError(file, e));
            return null;
        } catch (IOException e) {
            problems.add(new ConfigProblem(file, 0, 0, "cannot read: " + e.getMessage()));
            return null;
        }
    }

    /** One line naming snakeyaml's problem and where it was found, without its multi-line source excerpt. */
    private static ConfigProblem syntaxError(String file, JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            String context = m.getContext() == null ? "" : " (" + m.getContext() + ")";
            return new ConfigProblem(file, m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1,
                    "YAML syntax error: " + m.getProblem() + context);
        }
        JsonLocation at = e.getLocation();
        String message = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
        return new ConfigProblem(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                "YAML syntax error: " + message);
    }

    private static JsonNode readValue(JsonParser p, String pointer, String file,
            Map<String, JsonLocation> locations, List<ConfigProblem> duplicates) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (p.currentToken()) {
            case START_OBJECT: {
                ObjectNode object = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonLocation keyAt = p.currentTokenLocation();
                    String child = pointer + "/" + escape(key);
                    p.nextToken();
                    JsonNode value = readValue(p, child, file, locations, duplicates);
                    if (object.has(key)) {
                        duplicates.add(new ConfigProblem(file, keyAt.getLineNr(), keyAt.getColumnNr(),
                                "duplicate key '" + key + "'"));
                        continue;
                    }
                    locations.put(child, keyAt);
                    object.set(key, value);
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = f.arrayNode();
                int index = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    String child = pointer + "/" + index++;
                    locations.put(child, p.currentTokenLocation());
                    array.add(readValue(p, child, file, locations, duplicates));
                }
                return array;
            }
            case VALUE_STRING:
                return f.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return f.numberNode(p.getIntValue());
                    case LONG:
                        return f.numberNode(p.getLongValue());
                    default:
                        return f.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return f.numberNode(p.getDecimalValue());
            case VALUE_TRUE:
                return f.booleanNode(true);
            case VALUE_FALSE:
                return f.booleanNode(false);
            case VALUE_NULL:
                return f.nullNode();
            default:
                return f.textNode(p.getText());
        }
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    JsonNode root() {
        return root;
    }

    String file() {
        return file;
    }

    /** A problem located at {@code pointer}, or at its nearest located ancestor. */
    ConfigProblem problem(String pointer, String reason) {
        JsonLocation at = locate(pointer);
        return new ConfigProblem(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), reason);
    }

    private JsonLocation locate(String pointer) {
        JsonPointer p = JsonPointer.compile(pointer);
        while (p != null) {
            JsonLocation at = locations.get(p.toString());
            if (at != null) {
                return at;
            }
            p = p.head();
        }
        return null;
    }
}
