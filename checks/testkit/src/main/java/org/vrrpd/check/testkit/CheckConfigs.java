package org.vrrpd.check.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.runtime.CheckBinding;

/**
 * Binds a check's YAML entry to its config class with the daemon's own rules ({@link CheckBinding}): unknown keys
 * and wrong types are refused, durations read as {@code 1s}/{@code 250ms}/bare seconds. The entry may carry its
 * {@code type:} (ignored here). A refusal is a {@link CheckConfigException} naming the key:
 * {@code unknown key 'max_mesages' (known keys: fall, interval, max_messages, ...)}, {@code 'max_messages':
 * expected an integer, got "ten"}.
 */
public final class CheckConfigs {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper BINDER = CheckBinding.strict();

    private CheckConfigs() {
    }

    /** {@code yaml} (one mapping, e.g. {@code "{name: q, max_messages: 10, interval: 5s}"}) as a {@code type}. */
    public static <C extends CheckConfig> C bind(Class<C> type, String yaml) throws CheckConfigException {
        return bind(type, tree(yaml));
    }

    /** As {@link #bind(Class, String)}, from a parsed entry. */
    public static <C extends CheckConfig> C bind(Class<C> type, JsonNode entry) throws CheckConfigException {
        if (!(entry instanceof ObjectNode object)) {
            throw new CheckConfigException("a check's settings must be a mapping, not " + entry);
        }
        ObjectNode copy = object.deepCopy();
        copy.remove("type");
        try {
            return Objects.requireNonNull(BINDER.treeToValue(copy, type), "no settings");
        } catch (UnrecognizedPropertyException e) {
            TreeSet<String> known = e.getKnownPropertyIds().stream().map(String::valueOf)
                    .collect(Collectors.toCollection(TreeSet::new));
            throw new CheckConfigException("unknown key '" + e.getPropertyName() + "' (known keys: "
                    + String.join(", ", known) + ")");
        } catch (JsonMappingException e) {
            throw new CheckConfigException(where(e.getPath()) + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new CheckConfigException(firstLine(e.getMessage()));
        }
    }

    /** The YAML text as a tree; a syntax error is a {@link CheckConfigException}. */
    public static JsonNode tree(String yaml) throws CheckConfigException {
        try {
            JsonNode n = YAML.readTree(yaml);
            if (n == null) {
                throw new CheckConfigException("empty settings");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new CheckConfigException("not YAML: " + firstLine(e.getOriginalMessage()));
        }
    }

    private static String where(List<JsonMappingException.Reference> path) {
        String keys = path.stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return keys.isEmpty() ? "" : "'" + keys + "': ";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid settings";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
