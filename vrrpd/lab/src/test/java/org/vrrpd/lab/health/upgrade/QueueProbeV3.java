package org.vrrpd.lab.health.upgrade;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;

/**
 * Test plugin {@code queue_probe}, version 1.0.2: the settings of 1.0.1, another version in its detail. Written
 * over {@code queue-probe-1.0.1.jar} in place by {@code PluginUpgradeLabTest}: same file name, new content.
 */
public final class QueueProbeV3 implements CheckFactory<QueueProbeV3.Config> {

    /** The settings of 1.0.1. */
    public static final class Config extends CheckConfig {
        @JsonProperty("path")
        String path;

        @JsonProperty("label")
        String label;
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
    public Check create(Config config) throws CheckConfigException {
        if (config.label == null) {
            throw new CheckConfigException("queue_probe 1.0.2: label is required");
        }
        Path p = Path.of(config.path);
        Map<String, String> detail = Map.of("version", "1.0.2", "label", config.label);
        return context -> Files.exists(p)
                ? new CheckResult(true, Duration.ZERO, "queue probe 1.0.2", detail)
                : new CheckResult(false, Duration.ZERO, "queue probe 1.0.2: " + p + " missing", detail);
    }
}
