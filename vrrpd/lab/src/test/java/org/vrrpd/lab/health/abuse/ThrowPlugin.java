package org.vrrpd.lab.health.abuse;

import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckFactory;

/** Test plugin {@code abuse_throw}: every run throws. Packed into its own JAR by {@code AbusivePluginLabTest}. */
public final class ThrowPlugin implements CheckFactory<ThrowPlugin.Config> {

    /** No settings beyond the common ones. */
    public static final class Config extends CheckConfig {
    }

    @Override
    public String type() {
        return "abuse_throw";
    }

    @Override
    public Class<Config> configClass() {
        return Config.class;
    }

    @Override
    public Check create(Config config) {
        return context -> {
            throw new IllegalStateException("abuse_throw throws on every run");
        };
    }
}
