package org.vrrpd.check.builtin;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed server key for 127.0.0.1/localhost, made once per test JVM with the JDK's keytool, and a second,
 * unrelated one to provoke verification failures.
 */
final class TestCerts {

    private static TestCerts trusted;
    private static TestCerts other;

    final Path dir;
    final Path keystore;
    final Path caPem;

    private TestCerts(String name) throws IOException, InterruptedException {
        dir = Files.createTempDirectory("vrrpd-certs-");
        dir.toFile().deleteOnExit();
        keystore = dir.resolve(name + ".p12");
        caPem = dir.resolve(name + ".pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit"));
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-file", caPem.toString()));
        keystore.toFile().deleteOnExit();
        caPem.toFile().deleteOnExit();
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + out);
        }
    }

    static synchronized TestCerts trusted() throws Exception {
        if (trusted == null) {
            trusted = new TestCerts("trusted");
        }
        return trusted;
    }

    static synchronized TestCerts other() throws Exception {
        if (other == null) {
            other = new TestCerts("other");
        }
        return other;
    }

    /** The JDK's TLS server context with this key. */
    SSLContext serverContext() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keyManagers().getKeyManagers(), null, null);
        return ctx;
    }

    /**
     * A BoringSSL server context with this key (Netty's native engine, as nginx, Dovecot and Postfix use the
     * OpenSSL family: TLS 1.3 session tickets right after the handshake). The caller releases it.
     */
    SslContext boringSslServer() throws Exception {
        return SslContextBuilder.forServer(keyManagers()).sslProvider(SslProvider.OPENSSL_REFCNT).build();
    }

    private KeyManagerFactory keyManagers() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        return kmf;
    }
}
