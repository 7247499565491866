package org.vrrpd.check.builtin;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import org.vrrpd.check.api.CheckConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of TLS for a line-protocol check (smtp, imap), built once per check from its settings and used
 * for every run: the handshake over an already connected socket, whose {@code SO_TIMEOUT} bounds each read.
 *
 * <p>Two providers behind it: BoringSSL through Netty's native engine ({@link NativeClientTls}, the default where
 * its library loads: a full handshake costs a third of the JDK's CPU), and the JDK's own ({@link JdkClientTls}).
 * The system property {@value #PROVIDER_PROPERTY} = {@code jdk} chooses the JDK's; the certificate checks are the
 * same either way (the JDK's trust managers, host name verification whenever verification is on).
 */
interface ClientTls extends AutoCloseable {

    String PROVIDER_PROPERTY = "vrrpd.checks.tls";

    /** Runs the handshake for {@code host:port} (SNI and host name verification) over the connected socket. */
    TlsStreams handshake(Socket socket, String host, int port) throws IOException;

    /** The provider's name for the logs: {@code BoringSSL} or {@code JDK}. */
    String provider();

    /** Frees the provider's context; runs still in flight keep theirs until they end. */
    @Override
    void close();

    /** The native provider where it is available and not turned off, else the JDK's. */
    static ClientTls create(boolean verify, Path caFile) throws CheckConfigException {
        if (!"jdk".equalsIgnoreCase(System.getProperty(PROVIDER_PROPERTY, "")) && NativeClientTls.available()) {
            return NativeClientTls.create(verify, caFile);
        }
        return new JdkClientTls(TlsContexts.create(verify, caFile));
    }

    /** Logs once why the native provider is not used. */
    final class Why {
        private static final Logger LOG = LoggerFactory.getLogger(ClientTls.class);
        private static volatile boolean told;

        private Why() {
        }

        static void unavailable(Throwable cause) {
            if (!told) {
                told = true;
                LOG.info("checks use the JDK's TLS: the native TLS library is not available ({})", cause == null
                        ? "unknown reason" : cause.toString());
            }
        }
    }
}
