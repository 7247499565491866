package org.vrrpd.check.builtin;

/** A probe saw the service fail; the message is what {@code vrrpctl checks} shows, e.g. "banner 421 ...". */
public final class ProbeFailure extends Exception {

    private final boolean connectionLost;

    public ProbeFailure(String message) {
        this(message, false);
    }

    /** {@code connectionLost}: the server closed or reset the connection (end of stream, reset, broken pipe). */
    ProbeFailure(String message, boolean connectionLost) {
        super(message, null, false, false);
        this.connectionLost = connectionLost;
    }

    /**
     * Whether the server closed or reset the connection, rather than answering wrongly, late or not at all: for a
     * kept-alive connection reused before any byte of the answer came back, the server closed it while it was idle.
     */
    boolean connectionLost() {
        return connectionLost;
    }
}
