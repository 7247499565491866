package org.vrrpd.daemon.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;

/** A {@code fake} check type for binding real config files in tests; its outcome is set per {@code key}. */
final class FakeFactory implements CheckFactory<FakeFactory.Config> {

    /** Outcome by key; absent means up. */
    static final Map<String, Boolean> UP = new ConcurrentHashMap<>();

    public static final class Config extends CheckConfig {
        @JsonProperty("key")
        String key = "default";

        @JsonProperty("refuse")
        String refuse;
    }

    @Override
    public String type() {
        return "fake";
    }

    @Override
    public Class<Config> configClass() {
        return Config.class;
    }

    @Override
    public Check create(Config config) throws CheckConfigException {
        if (config.refuse != null) {
            throw new CheckConfigException(config.refuse);
        }
        String key = config.key;
        return ctx -> UP.getOrDefault(key, true) ? CheckResult.up(Duration.ofMillis(1), "ok")
                : CheckResult.down(Duration.ofMillis(1), "down by test");
    }
}
