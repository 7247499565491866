package org.vrrpd.check.builtin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.Durations;

/** Binds a YAML-shaped map to a config class the way the daemon does, so tests exercise the real key names. */
final class Configs {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .registerModule(new SimpleModule().addDeserializer(Duration.class, new JsonDeserializer<>() {
                @Override
                public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                    return Durations.parse(p.getValueAsString());
                }
            }));

    private Configs() {
    }

    static <C extends CheckConfig> C bind(Map<String, ?> yaml, Class<C> type) {
        return MAPPER.convertValue(yaml, type);
    }
}
