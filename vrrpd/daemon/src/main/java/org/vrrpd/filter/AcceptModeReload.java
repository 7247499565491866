package org.vrrpd.filter;

import java.util.List;
import org.vrrpd.config.ConfigDiff;
import org.vrrpd.config.InstanceConfig;

/**
 * Which reload changes the filter applies in place: those where accept_mode is the only protocol setting that
 * differs. The router keeps running, with its state and VIPs; only the drop set changes.
 */
public final class AcceptModeReload {

    private AcceptModeReload() {
    }

    /** The changes whose only protocol-relevant difference is accept_mode. */
    public static List<ConfigDiff.Change> inPlace(List<ConfigDiff.Change> changed) {
        return changed.stream().filter(AcceptModeReload::onlyAcceptMode).toList();
    }

    static boolean onlyAcceptMode(ConfigDiff.Change c) {
        return c.before().acceptMode() != c.after().acceptMode()
                && withAcceptMode(c.before(), c.after().acceptMode()).sameProtocolSettings(c.after());
    }

    static InstanceConfig withAcceptMode(InstanceConfig c, boolean acceptMode) {
        return new InstanceConfig(c.name(), c.interfaceName(), c.vrid(), c.version(), c.family(), c.priority(),
                c.advertInterval(), c.virtualAddresses(), c.excludedAddresses(), c.preempt(), c.preemptDelay(),
                acceptMode, c.checksumMode(), c.unicastSource(), c.unicastPeers(), c.garp(), c.fastTakeover(),
                c.trackInterfaces(), c.notifyScripts(), c.checks(), c.stepDownAnnounce(), c.vmacInterface());
    }
}
