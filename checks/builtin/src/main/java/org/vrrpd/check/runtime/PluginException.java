package org.vrrpd.check.runtime;

/** The plugin directory cannot be used at all (missing, insecure); the message says why and what to fix. */
public class PluginException extends Exception {

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
