package org.vrrpd.config;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.runtime.CheckBinding;

/**
 * The Jackson setup for the configuration: strict (unknown keys, floats into integers, strings into numbers
 * or booleans all fail), durations written as {@code 1s}/{@code 100ms}/bare seconds, and every known check type
 * registered as a named subtype of {@link CheckConfig} keyed by its {@code type:} property.
 */
final class ConfigMapper {

    /** Puts the type id on {@link CheckConfig} without the check API depending on databind. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    private abstract static class CheckConfigMixIn {
    }

    private final ObjectMapper binder;
    private final ObjectMapper normalizer;

    ConfigMapper(CheckTypes types) {
        JsonMapper.Builder builder = CheckBinding.builder() // the same rules as the plugin test kit's binder
                .addMixIn(CheckConfig.class, CheckConfigMixIn.class);
        ObjectMapper mapper = CheckBinding.strictCoercions(builder.build());
        for (CheckFactory<?> f : types.factories()) {
            mapper.registerSubtypes(new NamedType(f.configClass(), f.type()));
        }
        this.binder = mapper;
        this.normalizer = mapper.copy()
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    ObjectMapper binder() {
        return binder;
    }

    /**
     * The bound check configuration written back as a tree, so equal settings compare equal however they were
     * spelled; falls back to the source entry when the class does not serialize.
     */
    JsonNode normalize(CheckConfig config, JsonNode source) {
        try {
            JsonNode tree = normalizer.valueToTree(config);
            if (tree instanceof ObjectNode object) {
                object.remove("type");
            }
            return tree;
        } catch (IllegalArgumentException e) {
            return source;
        }
    }
}
