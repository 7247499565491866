package org.vrrpd.check.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** The JDK's TLS: an {@link SSLSocket} layered over the connected socket. */
final class JdkClientTls implements ClientTls {

    private final SSLContext context;

    JdkClientTls(SSLContext context) {
        this.context = context;
    }

    @Override
    public TlsStreams handshake(Socket socket, String host, int port) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
        try {
            SSLParameters params = tls.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(params);
            tls.startHandshake();
            return new LayeredSocket(tls, tls.getInputStream(), tls.getOutputStream());
        } catch (IOException | RuntimeException e) {
            try {
                tls.close();
            } catch (IOException ignored) {
                // failing already
            }
            throw e;
        }
    }

    /** The streams of the handshaken socket; closing it sends close_notify and closes the socket beneath. */
    private record LayeredSocket(SSLSocket tls, InputStream in, OutputStream out) implements TlsStreams {
        @Override
        public void close() {
            try {
                tls.close();
            } catch (IOException e) {
                // the peer may be gone already
            }
        }
    }

    @Override
    public String provider() {
        return "JDK";
    }

    @Override
    public void close() {
    }
}
