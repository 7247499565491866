package org.vrrpd.filter;

import org.vrrpd.config.ConfigException;
import org.vrrpd.config.ConfigLoader;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VrrpdConfig;

/** Configurations for the filter tests, written as operators write them. */
final class FilterConfigs {

    private FilterConfigs() {
    }

    static VrrpdConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "vrrpd.yaml");
    }

    /** One instance "vi" on eth0 with the given extra keys (each line indented four spaces, ending in "\n"). */
    static VrrpdConfig one(String extra) throws ConfigException {
        return parse("instances:\n  - name: vi\n    interface: eth0\n    vrid: 42\n    priority: 100\n"
                + "    vips: [192.0.2.100/24, 192.0.2.101/24]\n" + extra);
    }

    static VrrpdConfig withGuard(String instances) throws ConfigException {
        return parse("global:\n  vrrp_guard: true\ninstances:\n" + instances);
    }

    static InstanceConfig instance(VrrpdConfig c) {
        return c.instances().get(0);
    }
}
