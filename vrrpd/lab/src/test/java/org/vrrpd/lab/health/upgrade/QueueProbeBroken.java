package org.vrrpd.lab.health.upgrade;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Map;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;

/**
 * Test plugin {@code queue_probe}, a bad 2.0.0: binds the same settings but every run is DOWN, so its upgrade
 * must be refused and 1.0.1 kept. Packed into {@code queue-probe-2.0.0.jar} by {@code PluginUpgradeLabTest}.
 */
public final class QueueProbeBroken implements CheckFactory<QueueProbeBroken.Config> {

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
    public Check create(Config config) {
        return context -> new CheckResult(false, Duration.ZERO, "queue probe 2.0.0 cannot read the queue",
                Map.of("version", "2.0.0"));
    }
}
