package org.vrrpd.fsm;

/**
 * The states of one virtual router: the three of RFC 9568 §6.4 (which calls Master "Active") plus keepalived's
 * FAULT, entered when a tracked failure without weight or a down interface makes the router unfit to serve.
 */
public enum VrrpState {
    /** Not participating: before Startup and after Shutdown (RFC 9568 §6.4.1). */
    INITIALIZE,
    /** Monitoring the Master; holds no virtual address (RFC 9568 §6.4.2). */
    BACKUP,
    /** Forwarding for the virtual addresses and advertising (RFC 9568 §6.4.3, "Active"). */
    MASTER,
    /** keepalived's fault state: holds no virtual address, ignores adverts until the fault clears. */
    FAULT
}
