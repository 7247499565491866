package org.vrrpd.daemon.health.plugins;

import java.time.Duration;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;

/** Test plugin {@code throwing_create}: its check's constructor throws. Packed into a JAR by the tests. */
public final class ThrowingCreatePlugin implements CheckFactory<ThrowingCreatePlugin.Config> {

    /** No settings beyond the common ones. */
    public static final class Config extends CheckConfig {
    }

    @Override
    public String type() {
        return "throwing_create";
    }

    @Override
    public Class<Config> configClass() {
        return Config.class;
    }

    @Override
    public Check create(Config config) {
        return new Broken();
    }

    /** A check that cannot be made. */
    static final class Broken implements Check {
        Broken() {
            throw new IllegalStateException("licence file /etc/throwing/licence is missing");
        }

        @Override
        public CheckResult run(CheckContext context) {
            return CheckResult.up(Duration.ZERO, "never");
        }
    }
}
