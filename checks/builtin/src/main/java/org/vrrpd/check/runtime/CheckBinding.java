package org.vrrpd.check.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * The rules the daemon binds a check's settings with, in one place for the configuration loader and the plugin
 * test kit: unknown keys, floats into integers, strings into numbers or booleans and numbers into booleans all
 * fail; durations are written {@code 1s}/{@code 250ms}/bare seconds ({@link DurationModule}).
 */
public final class CheckBinding {

    private CheckBinding() {
    }

    /** A builder with the strict features and {@link DurationModule}; finish with {@link #strictCoercions}. */
    public static JsonMapper.Builder builder() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .addModule(new DurationModule());
    }

    /** Refuses strings as numbers or booleans, and integers as booleans, on {@code mapper}; returns it. */
    public static ObjectMapper strictCoercions(ObjectMapper mapper) {
        for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    /** The daemon's binder for check settings. */
    public static ObjectMapper strict() {
        return strictCoercions(builder().build());
    }
}
