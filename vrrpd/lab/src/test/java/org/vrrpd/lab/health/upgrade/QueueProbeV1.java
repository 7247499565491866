package org.vrrpd.lab.health.upgrade;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;

/**
 * Test plugin {@code queue_probe}, version 1.0.0: UP while {@code path} exists. Packed into
 * {@code queue-probe-1.0.0.jar} by {@code PluginUpgradeLabTest}.
 */
public final class QueueProbeV1 implements CheckFactory<QueueProbeV1.Config> {

    /** {@code path}: the file whose presence means UP. */
    public static final class Config extends CheckConfig {
        @JsonProperty("path")
        String path;
    }

    @Override
    public String type() {
        return "queue_probe";
    }

    @Override
    public Class<Config> configClass() {
        return Config.class;
    }

    @Override
    public Check create(Config config) {
        Path p = Path.of(config.path);
        return context -> Files.exists(p)
                ? new CheckResult(true, Duration.ZERO, "queue probe 1.0.0", Map.of("version", "1.0.0"))
                : new CheckResult(false, Duration.ZERO, "queue probe 1.0.0: " + p + " missing",
                        Map.of("version", "1.0.0"));
    }
}
