package org.vrrpd.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Errors and warnings collected while reading one file, each located through the {@link LocatedTree}; and
 * the translation of Jackson's binding exceptions into operator-readable reasons.
 */
final class Findings {

    private final LocatedTree tree;
    private final List<ConfigProblem> errors = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();

    Findings(LocatedTree tree, List<ConfigProblem> earlierErrors) {
        this.tree = tree;
        this.errors.addAll(earlierErrors);
    }

    void error(String pointer, String reason) {
        errors.add(tree.problem(pointer, reason));
    }

    void warn(String pointer, String reason) {
        warnings.add(tree.problem(pointer, reason));
    }

    /** {@code line 12} for the node at {@code pointer}, for messages that point back at an earlier node. */
    String locate(String pointer) {
        return "line " + tree.problem(pointer, "").line();
    }

    List<ConfigProblem> errors() {
        return errors;
    }

    List<ConfigProblem> warnings() {
        return warnings;
    }

    int errorCount() {
        return errors.size();
    }

    /**
     * Binds {@code node} (found at {@code pointer}) to {@code type}; on failure records the error, located at
     * the offending key, prefixed with {@code context} (e.g. {@code "instance 'mail': "}), and returns null.
     */
    <T> T bind(ObjectMapper mapper, JsonNode node, String pointer, Class<T> type, String context,
            Collection<String> knownCheckTypes) {
        try {
            return mapper.readerFor(type).readValue(mapper.treeAsTokens(node));
        } catch (JsonMappingException e) {
            String path = pathOf(e);
            String reason = reason(e, knownCheckTypes);
            JsonNode value = node.at(path);
            if (value.isValueNode() && !(e instanceof InvalidFormatException) && !reason.contains("unknown")) {
                reason += ", got '" + value.asText() + "'";
            }
            error(pointer + path, context + reason);
        } catch (JsonProcessingException e) {
            error(pointer, context + e.getOriginalMessage());
        } catch (IOException e) {
            error(pointer, context + e.getMessage());
        }
        return null;
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append('/').append(r.getFieldName().replace("~", "~0").replace("/", "~1"));
            } else if (r.getIndex() >= 0) {
                sb.append('/').append(r.getIndex());
            }
        }
        return sb.toString();
    }

    private static String keyOf(JsonMappingException e) {
        return keyOf(e.getPath());
    }

    private static String keyOf(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex() + 1).append(']');
            }
        }
        return sb.length() == 0 ? "" : sb + ": ";
    }

    static String reason(JsonMappingException e, Collection<String> knownCheckTypes) {
        if (e instanceof UnrecognizedPropertyException u) {
            Set<String> known = new TreeSet<>();
            if (u.getKnownPropertyIds() != null) {
                u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            }
            List<JsonMappingException.Reference> path = e.getPath();
            String where = path.isEmpty() ? "" : keyOf(path.subList(0, path.size() - 1));
            return where + "unknown key '" + u.getPropertyName() + "'"
                    + (known.isEmpty() ? "" : " (expected one of: " + String.join(", ", known) + ")");
        }
        if (e instanceof InvalidTypeIdException t) {
            String known = String.join(", ", new TreeSet<>(knownCheckTypes));
            return t.getTypeId() == null
                    ? "check has no 'type' (known types: " + known + ")"
                    : "unknown check type '" + t.getTypeId() + "' (known types: " + known + ")";
        }
        if (e instanceof InvalidFormatException f) {
            if (f.getTargetType() == Duration.class) {
                return keyOf(e) + f.getOriginalMessage();
            }
            return keyOf(e) + "'" + f.getValue() + "' is not " + describe(f.getTargetType());
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return keyOf(e) + "expected " + describe(m.getTargetType());
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return keyOf(e) + v.getCause().getMessage();
        }
        return keyOf(e) + e.getOriginalMessage();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Duration.class) {
            return "a duration (e.g. 100ms, 1s, 1.5s)";
        }
        if (List.class.isAssignableFrom(type) || type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT);
        }
        if (type == RawConfig.Vip.class) {
            return "an address (192.0.2.10/24) or a mapping with address/dev/label";
        }
        if (type == RawConfig.Track.class) {
            return "an interface name or a mapping with name/weight";
        }
        return "a mapping";
    }
}
