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
 * Test plugin {@code queue_probe}, version 1.0.1: as 1.0.0 with one new setting, {@code label} (required), shown
 * in the result's detail. Packed into {@code queue-probe-1.0.1.jar} by {@code PluginUpgradeLabTest}.
 */
public final class QueueProbeV2 implements CheckFactory<QueueProbeV2.Config> {

    /** {@code path} as in 1.0.0; {@code label}, new in 1.0.1. */
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
            throw new CheckConfigException("queue_probe 1.0.1: label is required");
        }
        Path p = Path.of(config.path);
        Map<String, String> detail = Map.of("version", "1.0.1", "label", config.label);
        return context -> Files.exists(p)
                ? new CheckResult(true, Duration.ZERO, "queue probe 1.0.1", detail)
                : new CheckResult(false, Duration.ZERO, "queue probe 1.0.1: " + p + " missing", detail);
    }
}
