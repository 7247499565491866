package org.vrrpd.net;

import java.io.IOException;

/**
 * A failed native call: names the call, its context, the {@code errno} value and the C library's
 * {@code strerror} text, e.g. {@code "socket(AF_INET, SOCK_RAW, 112): Operation not permitted (errno 1)"}.
 */
public final class NativeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;
    private final String strerror;

    public NativeException(String call, int errno, String strerror) {
        this(call, errno, strerror, null);
    }

    /** With a hint appended to the message, such as which capability is missing. */
    public NativeException(String call, int errno, String strerror, String hint) {
        super(call + ": " + strerror + " (errno " + errno + ")" + (hint == null ? "" : "; " + hint));
        this.call = call;
        this.errno = errno;
        this.strerror = strerror;
    }

    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }

    public String strerror() {
        return strerror;
    }
}
