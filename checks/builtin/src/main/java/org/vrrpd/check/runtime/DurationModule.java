package org.vrrpd.check.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import org.vrrpd.check.api.Durations;

/**
 * Durations in configuration the way operators write them ({@code 1s}, {@code 250ms}, bare seconds), read by
 * {@link Durations#parse}; written back in ISO-8601. One module for the daemon's loader and the plugin host, so a
 * check's settings bind the same in both.
 */
public final class DurationModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    public DurationModule() {
        super("vrrpd-durations");
        addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonToken t = p.currentToken();
                if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT
                        && t != JsonToken.VALUE_NUMBER_FLOAT) {
                    return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
                }
                String text = p.getText();
                try {
                    return Durations.parse(text);
                } catch (IllegalArgumentException e) {
                    throw InvalidFormatException.from(p, e.getMessage(), text, Duration.class);
                }
            }
        });
        addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers)
                    throws IOException {
                gen.writeString(value.toString());
            }
        });
    }
}
