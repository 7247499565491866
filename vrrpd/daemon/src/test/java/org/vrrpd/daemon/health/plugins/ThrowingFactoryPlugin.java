package org.vrrpd.daemon.health.plugins;

import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckFactory;

/** Test plugin {@code throwing_factory}: the factory's own constructor throws, so the JAR cannot load. */
public final class ThrowingFactoryPlugin implements CheckFactory<CheckConfig> {

    public ThrowingFactoryPlugin() {
        throw new IllegalStateException("no licence for throwing_factory");
    }

    @Override
    public String type() {
        return "throwing_factory";
    }

    @Override
    public Class<CheckConfig> configClass() {
        return CheckConfig.class;
    }

    @Override
    public Check create(CheckConfig config) {
        throw new UnsupportedOperationException();
    }
}
