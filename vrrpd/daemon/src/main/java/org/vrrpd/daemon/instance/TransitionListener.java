package org.vrrpd.daemon.instance;

import org.vrrpd.fsm.VrrpState;

/** Told about every state change of an instance, on the protocol thread (history, notify hooks, metrics). */
@FunctionalInterface
public interface TransitionListener {
    void onTransition(InstanceDriver driver, VrrpState from, VrrpState to, String reason);
}
