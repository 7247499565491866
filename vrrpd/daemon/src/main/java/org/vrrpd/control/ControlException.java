package org.vrrpd.control;

/** A control request was refused or failed; the message goes back to the caller as the reply's error. */
public class ControlException extends Exception {

    private final String code;

    public ControlException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** A stable machine-readable code: bad_request, too_large, unknown_command, forbidden, failed, ... */
    public String code() {
        return code;
    }
}
