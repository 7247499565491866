package org.vrrpd.daemon;

import org.vrrpd.control.ControlException;
import org.vrrpd.status.ReloadSummary;

/**
 * Reloads the configuration ({@code vrrpctl reload}, SIGHUP): {@link ConfigReloader#reload}, wrapped by the
 * systemd notifier in production.
 */
@FunctionalInterface
public interface ReloadAction {

    /** Returns what the reload changed, or throws with the file:line reasons when the new file is refused. */
    ReloadSummary reload() throws ControlException;
}
