package org.vrrpd.lab.mail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.api.Durations;
import org.vrrpd.check.api.SecretFiles;
import org.vrrpd.check.runtime.PluginLoader;
import org.vrrpd.check.runtime.RuntimeCheckContext;
import org.vrrpd.check.runtime.ScheduledCheck;

/**
 * Built-in checks made from the same keys an operator writes under {@code checks:} (type plus a map), bound with
 * the daemon's rules for durations, and run once with a deadline the way the scheduler runs them.
 */
final class LiveChecks {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule().addDeserializer(Duration.class, new JsonDeserializer<>() {
                @Override
                public Duration deserialize(JsonParser p, DeserializationContext c) throws IOException {
                    return Durations.parse(p.getValueAsString());
                }
            }));

    private LiveChecks() {
    }

    /** A key/value list as a map: {@code map("host", "192.0.2.11", "port", 25)}. */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The configuration of a built-in check of {@code type}, bound from {@code yaml}. */
    static CheckConfig config(String type, Map<String, Object> yaml) {
        CheckFactory<?> f = factory(type);
        return MAPPER.convertValue(yaml, f.configClass());
    }

    /** A built-in check of {@code type} made from {@code yaml}. */
    static Check create(String type, Map<String, Object> yaml) throws Exception {
        return create(factory(type), config(type, yaml));
    }

    /** A scheduled built-in check (interval, timeout, rise, fall, weight taken from {@code yaml}). */
    static ScheduledCheck scheduled(String type, Map<String, Object> yaml) throws Exception {
        CheckConfig config = config(type, yaml);
        return ScheduledCheck.of(type, config, create(factory(type), config));
    }

    /** One run with a deadline {@code timeout} from now. */
    static CheckResult runOnce(Check check, Duration timeout) throws Exception {
        return check.run(new RuntimeCheckContext(Clock.systemUTC(), Instant.now().plus(timeout), SecretFiles.currentUid()));
    }

    /** Writes {@code secret} to a new mode-0600 file (what {@code password_file} requires). */
    static Path secretFile(Path dir, String name, String secret) throws IOException {
        Path f = dir.resolve(name);
        Files.deleteIfExists(f);
        Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(f, secret + "\n");
        return f;
    }

    private static CheckFactory<?> factory(String type) {
        CheckFactory<?> f = PluginLoader.builtinFactories().get(type);
        if (f == null) {
            throw new IllegalArgumentException("no built-in check type " + type);
        }
        return f;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Check create(CheckFactory factory, CheckConfig config) throws Exception {
        return factory.create(config);
    }
}
