package org.vrrpd.check.api;

/** A check's configuration cannot be used; the message says why, in terms an operator can act on. */
public class CheckConfigException extends Exception {

    public CheckConfigException(String message) {
        super(message);
    }

    public CheckConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
