package org.vrrpd.lab.health.abuse;

import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckFactory;

/** Test plugin {@code abuse_hang}: a run never returns and swallows every interrupt. */
public final class HangPlugin implements CheckFactory<HangPlugin.Config> {

    /** No settings beyond the common ones. */
    public static final class Config extends CheckConfig {
    }

    @Override
    public String type() {
        return "abuse_hang";
    }

    @Override
    public Class<Config> configClass() {
        return Config.class;
    }

    @Override
    public Check create(Config config) {
        return context -> {
            while (true) {
                try {
                    Thread.sleep(60_000); // hangs on purpose
                } catch (InterruptedException e) {
                    // ignored on purpose: this plugin cannot be interrupted
                }
            }
        };
    }
}
