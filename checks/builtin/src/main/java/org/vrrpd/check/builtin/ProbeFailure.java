package org.vrrpd.check.builtin;

/** A probe saw the service fail; the message is what {@code vrrpctl checks} shows, e.g. "banner 421 ...". */
public final class ProbeFailure extends Exception {

    public ProbeFailure(String message) {
        super(message, null, false, false);
    }
}
