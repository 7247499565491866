package org.vrrpd.check.builtin;

import java.io.InputStream;
import java.io.OutputStream;

/** The application data of one TLS connection, after its handshake. */
interface TlsStreams extends AutoCloseable {

    InputStream in();

    OutputStream out();

    /** Ends the TLS session (close_notify, best effort) and frees what it holds; the socket's owner closes it. */
    @Override
    void close();
}
