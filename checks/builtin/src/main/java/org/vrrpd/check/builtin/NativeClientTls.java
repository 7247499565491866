package org.vrrpd.check.builtin;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.vrrpd.check.api.CheckConfigException;

/**
 * BoringSSL through Netty's native engine (netty-tcnative): the key exchange and the server's signature are
 * checked in native code, where the JDK does them in Java (about 5 ms of CPU per full handshake with the
 * daemon's JIT settings). The certificate chain still goes to the JDK's trust managers, so what is trusted does
 * not depend on the provider.
 */
final class NativeClientTls implements ClientTls {

    private final SslContext context;
    /** The engine's buffers, kept between this check's connections. */
    private final EngineBuffers.Slot buffers = new EngineBuffers.Slot();

    private NativeClientTls(SslContext context) {
        this.context = context;
    }

    /** Whether the native library loads here (it is loaded on the first call); logs once when it does not. */
    static boolean available() {
        try {
            if (OpenSsl.isAvailable()) {
                return true;
            }
            ClientTls.Why.unavailable(OpenSsl.unavailabilityCause());
        } catch (LinkageError e) {
            ClientTls.Why.unavailable(e);
        }
        return false;
    }

    static NativeClientTls create(boolean verify, Path caFile) throws CheckConfigException {
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL_REFCNT)
                .endpointIdentificationAlgorithm(verify ? "HTTPS" : null).trustManager(TlsContexts.trustManager(verify, caFile));
        try {
            return new NativeClientTls(b.build());
        } catch (SSLException e) {
            throw new CheckConfigException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    @Override
    public TlsStreams handshake(Socket socket, String host, int port) throws IOException {
        SSLEngine engine = context.newEngine(CheckBuffers.ALLOCATOR, host, port);
        EngineStreams streams;
        try {
            streams = new EngineStreams(socket, engine, buffers);
        } catch (IOException | RuntimeException e) {
            ReferenceCountUtil.release(engine);
            throw e;
        }
        try {
            streams.handshake();
            return streams;
        } catch (IOException | RuntimeException e) {
            streams.abandon();
            throw e;
        }
    }

    @Override
    public String provider() {
        return "BoringSSL";
    }

    @Override
    public void close() {
        ReferenceCountUtil.release(context);
    }
}
