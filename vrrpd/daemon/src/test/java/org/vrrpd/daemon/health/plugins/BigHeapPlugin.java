package org.vrrpd.daemon.health.plugins;

import java.time.Duration;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;

/**
 * Test plugin {@code big_heap}: refuses to be created with less than 200 MiB of heap. The daemon's JVM in a test
 * has more; its plugin host (plugin_host.heap, 64m by default) has less, so only the host refuses it.
 */
public final class BigHeapPlugin implements CheckFactory<BigHeapPlugin.Config> {

    /** No settings beyond the common ones. */
    public static final class Config extends CheckConfig {
    }

    @Override
    public String type() {
        return "big_heap";
    }

    @Override
    public Class<Config> configClass() {
        return Config.class;
    }

    @Override
    public Check create(Config config) throws CheckConfigException {
        long mib = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        if (mib < 200) {
            throw new CheckConfigException("big_heap needs 200 MiB of heap, the JVM has " + mib
                    + " MiB; raise plugin_host.heap");
        }
        return context -> CheckResult.up(Duration.ZERO, "enough heap");
    }
}
